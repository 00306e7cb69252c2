import { ROOT_CONTEXT } from '@opentelemetry/api';
import { BatchLogRecordProcessor, LoggerProvider, type LogRecordExporter } from '@opentelemetry/sdk-logs';
import { describe, expect, it } from 'vitest';
import { createDeliveryAccount, type DeliveryOptions, type LossReason } from './delivery-account';

/** An exporter keeping what it receives, behind a switch: while down, every export fails the way `failure` says. */
function switchedExporter() {
  const received: unknown[] = [];
  const state = {
    down: false,
    failure: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) as Error,
  };
  let attempts = 0;
  const exporter: LogRecordExporter = {
    export: (items, done) => {
      attempts++;
      if (state.down) done({ code: 1, error: state.failure });
      else {
        received.push(...items.map((r) => r.attributes.i));
        done({ code: 0 });
      }
    },
    shutdown: async () => {},
    forceFlush: async () => {},
  };
  const delivered = () => received;
  return { exporter, state, delivered, attempts: () => attempts };
}

function setUp(overrides: Partial<DeliveryOptions> = {}) {
  const lost: [number, LossReason][] = [];
  const account = createDeliveryAccount('events', {
    maxQueue: 5,
    maxBatch: 2,
    baseDelayMs: 5,
    maxDelayMs: 20,
    shutdownTimeoutMs: 300,
    isRetryable: (error) => typeof (error as { code?: unknown }).code !== 'number',
    onLost: (count, reason) => lost.push([count, reason]),
    ...overrides,
  });
  const target = switchedExporter();
  const provider = new LoggerProvider({
    processors: [
      account.logProcessor(
        new BatchLogRecordProcessor({
          exporter: account.exporter(target.exporter) as LogRecordExporter,
          maxExportBatchSize: 2,
          scheduledDelayMillis: 5,
        }),
      ),
    ],
  });
  const logger = provider.getLogger('test');
  const emit = (i: number) => logger.emit({ eventName: 'e', attributes: { i }, context: ROOT_CONTEXT });
  return { account, provider, emit, lost, ...target };
}

async function until(condition: () => boolean, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('createDeliveryAccount', () => {
  it('keeps everything through an outage and delivers it in order once the collector is back', async () => {
    const { provider, emit, lost, state, delivered, attempts, account } = setUp();
    state.down = true;
    for (let i = 0; i < 4; i++) emit(i);
    await until(() => attempts() >= 4);
    expect(delivered()).toEqual([]);
    expect(account.held()).toBe(4);
    state.down = false;
    await until(() => delivered().length === 4);
    expect(delivered()).toEqual([0, 1, 2, 3]);
    expect(lost).toEqual([]);
    await provider.shutdown();
  });

  it('beyond the bound drops the oldest, counted, and keeps the newest', async () => {
    const { provider, emit, lost, state, delivered, attempts } = setUp();
    state.down = true;
    for (let i = 0; i < 5; i++) emit(i);
    await until(() => attempts() >= 2);
    for (let i = 5; i < 8; i++) {
      emit(i);
      await new Promise((resolve) => setTimeout(resolve, 15)); // handed over to the waiting queue
    }
    state.down = false;
    await until(() => delivered().length === 5);
    expect(delivered()).toEqual([3, 4, 5, 6, 7]);
    expect(lost.reduce((sum, [count]) => sum + count, 0)).toBe(3);
    expect(lost.every(([, reason]) => reason === 'queue_full')).toBe(true);
    await provider.shutdown();
  });

  it('refuses the newest only within a synchronous burst that has not reached the exporter yet', async () => {
    const { provider, emit, lost, delivered } = setUp();
    for (let i = 0; i < 7; i++) emit(i);
    expect(lost).toEqual([
      [1, 'queue_full'],
      [1, 'queue_full'],
    ]);
    await provider.forceFlush();
    expect(delivered()).toEqual([0, 1, 2, 3, 4]);
    await provider.shutdown();
  });

  it('loses a batch the collector refuses for good at once, and reports it', async () => {
    const { provider, emit, lost, state, attempts } = setUp();
    state.down = true;
    state.failure = Object.assign(new Error('Bad Request'), { code: 400 });
    emit(0);
    await provider.forceFlush();
    expect(lost).toEqual([[1, 'export_failed']]);
    expect(attempts()).toBe(1);
    await provider.shutdown();
  });

  it('shutdown keeps trying until its deadline, then reports what is left', async () => {
    const { provider, emit, lost, state, delivered } = setUp({ shutdownTimeoutMs: 200 });
    state.down = true;
    emit(0);
    emit(1);
    const shutdown = provider.shutdown();
    setTimeout(() => (state.down = false), 50);
    await shutdown;
    expect(delivered()).toEqual([0, 1]);
    expect(lost).toEqual([]);

    const away = setUp({ shutdownTimeoutMs: 100 });
    away.state.down = true;
    away.emit(0);
    await away.provider.shutdown();
    expect(away.lost).toEqual([[1, 'export_failed']]);
  });
});
