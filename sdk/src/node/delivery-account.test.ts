import { ROOT_CONTEXT } from '@opentelemetry/api';
import {
  BatchLogRecordProcessor,
  InMemoryLogRecordExporter,
  LoggerProvider,
  type LogRecordExporter,
} from '@opentelemetry/sdk-logs';
import { describe, expect, it } from 'vitest';
import { createDeliveryAccount, type LossReason } from './delivery-account';

/** The in-memory exporter behind a gate: exports wait until `open()`, like a slow collector. */
function gatedExporter() {
  const memory = new InMemoryLogRecordExporter();
  const waiting: (() => void)[] = [];
  let opened = false;
  const exporter: LogRecordExporter = {
    export: (items, done) => (opened ? memory.export(items, done) : waiting.push(() => memory.export(items, done))),
    shutdown: () => memory.shutdown(),
    forceFlush: () => memory.forceFlush(),
  };
  const open = () => {
    opened = true;
    for (const release of waiting.splice(0)) release();
  };
  return { exporter, memory, open };
}

describe('createDeliveryAccount', () => {
  it('refuses, counts and reports what does not fit while exports are slow, and lets the rest through', async () => {
    const lost: [number, LossReason][] = [];
    const account = createDeliveryAccount('events', 5, (count, reason) => lost.push([count, reason]));
    const { exporter, memory, open } = gatedExporter();
    const provider = new LoggerProvider({
      processors: [
        account.logProcessor(
          new BatchLogRecordProcessor({
            exporter: account.exporter(exporter) as LogRecordExporter,
            maxExportBatchSize: 5,
          }),
        ),
      ],
    });
    const logger = provider.getLogger('test');
    for (let i = 0; i < 12; i++) logger.emit({ eventName: 'e', attributes: { i }, context: ROOT_CONTEXT });
    expect(account.inFlight()).toBe(5);
    expect(lost).toHaveLength(7);
    expect(lost.every(([count, reason]) => count === 1 && reason === 'queue_full')).toBe(true);
    open();
    await provider.forceFlush();
    expect(memory.getFinishedLogRecords().map((r) => r.attributes.i)).toEqual([0, 1, 2, 3, 4]);
    expect(account.inFlight()).toBe(0);
    await provider.shutdown();
  });

  it('reports a failed export with its count', async () => {
    const lost: [number, LossReason, string][] = [];
    const account = createDeliveryAccount('spans', 10, (...args) => lost.push(args));
    const failing = account.exporter<string>({
      export: (_items, done) => done({ code: 1, error: new Error('Service Unavailable') }),
      shutdown: async () => {},
    });
    failing.export(['a', 'b'], () => {});
    expect(lost).toEqual([[2, 'export_failed', '2 spans not delivered: Service Unavailable']]);
  });
});
