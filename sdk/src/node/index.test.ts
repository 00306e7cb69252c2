import { spawnSync } from 'node:child_process';
import { ATTR, EVENT, RESOURCE_ATTR } from '@bilan/contract';
import { afterEach, describe, expect, it } from 'vitest';
import { assertAcceptsAnyOptions } from '../../test/any-options';
import { attributesOf, startReceiver } from '../../test/otlp-receiver';
import { initBilan } from './index';

type Receiver = Awaited<ReturnType<typeof startReceiver>>;
const receivers: Receiver[] = [];
async function receiver(respond?: Parameters<typeof startReceiver>[0]) {
  const r = await startReceiver(respond);
  receivers.push(r);
  return r;
}
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.stop()));
});

describe('initBilan (node)', () => {
  it('exports the turn span and the vote over OTLP/HTTP with the resource, in one trace', async () => {
    const r = await receiver();
    const bilan = initBilan({ endpoint: r.url, serviceName: 'demo', serviceVersion: '1.2.3', environment: 'test' });
    const { turn } = await bilan.trackTurn(() => 'answer', { feature: 'f', model: 'm' });
    bilan.vote(turn, 1);
    await bilan.shutdown();

    const traces = r.received.find((x) => x.path === '/v1/traces')?.body as {
      resourceSpans: {
        resource: { attributes: never[] };
        scopeSpans: { spans: { traceId: string; name: string }[] }[];
      }[];
    };
    const resource = attributesOf(traces.resourceSpans[0]?.resource ?? {});
    expect(resource).toMatchObject({
      [RESOURCE_ATTR.serviceName]: 'demo',
      [RESOURCE_ATTR.serviceVersion]: '1.2.3',
      [RESOURCE_ATTR.environment]: 'test',
    });
    const span = traces.resourceSpans[0]?.scopeSpans[0]?.spans[0];
    expect(span?.name).toBe('chat m');
    const [vote] = r.logRecords();
    expect(vote?.eventName).toBe(EVENT.evaluationResult);
    expect(vote?.traceId).toBe(span?.traceId);
    expect(attributesOf(vote ?? {})).toMatchObject({
      [ATTR.turnId]: turn.turnId,
      [ATTR.evaluationScoreLabel]: 'positive',
    });
  });

  it('sends a full batch of 10 events without waiting for the interval', async () => {
    const r = await receiver();
    const bilan = initBilan({ endpoint: r.url, serviceName: 'demo', batch: { intervalMs: 60_000 } });
    for (let i = 0; i < 10; i++) bilan.track('e', { i });
    const deadline = Date.now() + 5000;
    while (r.logRecords().length < 10 && Date.now() < deadline) await new Promise((res) => setTimeout(res, 20));
    expect(r.logRecords()).toHaveLength(10);
    await bilan.shutdown();
  });

  it('retries a 503 and delivers (the OTLP exporter retries 429, 502, 503, 504)', async () => {
    const r = await receiver((path, count) => (path === '/v1/logs' && count === 1 ? 503 : 200));
    const errors: Error[] = [];
    const bilan = initBilan({ endpoint: r.url, serviceName: 'demo', onError: (e) => errors.push(e) });
    bilan.vote({ turnId: 't1' }, -1);
    await bilan.flush();
    expect(r.attempts.get('/v1/logs')).toBe(2);
    expect(r.logRecords()).toHaveLength(1);
    expect(errors).toEqual([]);
    await bilan.shutdown();
  });

  it('never loses events silently: a failed export is reported, then counted to the collector', async () => {
    let down = true;
    const r = await receiver(() => (down ? 500 : 200));
    const errors: Error[] = [];
    const bilan = initBilan({ endpoint: r.url, serviceName: 'demo', onError: (e) => errors.push(e) });
    bilan.vote({ turnId: 't1' }, 1);
    bilan.vote({ turnId: 't2' }, 1);
    await bilan.flush();
    expect(errors.map((e) => e.message)).toContain('2 events not delivered: Internal Server Error');
    down = false;
    bilan.vote({ turnId: 't3' }, 1);
    await bilan.shutdown();
    const dropped = r.logRecords().find((l) => l.eventName === EVENT.sdkDropped);
    expect(attributesOf(dropped ?? {})).toEqual({ [ATTR.droppedCount]: 2, [ATTR.droppedReason]: 'export_failed' });
    expect(r.logRecords().filter((l) => l.eventName === EVENT.evaluationResult)).toHaveLength(1);
  });

  it('bounds its queue: a burst beyond it is reported, then counted to the collector', async () => {
    const r = await receiver();
    const errors: Error[] = [];
    const bilan = initBilan({
      endpoint: r.url,
      serviceName: 'demo',
      batch: { maxQueue: 4, maxEvents: 4, intervalMs: 60_000 },
      onError: (e) => errors.push(e),
    });
    // Ten votes in one synchronous burst: no export can finish in between, so only four fit.
    for (let i = 0; i < 10; i++) bilan.vote({ turnId: `t${i}` }, 1);
    expect(errors.map((e) => e.message)).toEqual(Array(6).fill('1 events dropped: 4 already waiting for export'));
    await bilan.shutdown();
    const votes = r.logRecords().filter((l) => l.eventName === EVENT.evaluationResult);
    expect(votes).toHaveLength(4);
    const dropped = r.logRecords().find((l) => l.eventName === EVENT.sdkDropped);
    expect(attributesOf(dropped ?? {})).toEqual({ [ATTR.droppedCount]: 6, [ATTR.droppedReason]: 'queue_full' });
  });

  it('shutdown() hands over what it can within exportTimeoutMs, then reports the rest, with the Collector away', async () => {
    const r = await receiver();
    const nobody = r.url;
    await r.stop(); // nothing listens there any more
    const errors: string[] = [];
    const exportTimeoutMs = 1000;
    const bilan = initBilan({
      endpoint: nobody,
      serviceName: 'demo',
      exportTimeoutMs,
      onError: (e) => errors.push(e.message),
    });
    await bilan.trackTurn(() => 'answer', { feature: 'f', model: 'm' });
    bilan.vote({ turnId: 't' }, 1);
    const started = Date.now();
    await bilan.shutdown();
    const elapsed = Date.now() - started;
    // A bound, not a speed: the deadline plus generous slack for a loaded machine.
    expect(elapsed).toBeLessThan(exportTimeoutMs + 2000);
    expect(errors.sort()).toEqual([
      '1 events not delivered: collector unreachable until shutdown',
      '1 spans not delivered: collector unreachable until shutdown',
    ]);
  });

  it('a process awaiting shutdown() with the Collector away waits for it to end, then exits normally', async () => {
    const r = await receiver();
    await r.stop(); // nothing listens there any more
    const script = `
      import { initBilan } from ${JSON.stringify(new URL('./index.ts', import.meta.url).pathname)};
      const lost = [];
      const bilan = initBilan({ endpoint: '${r.url}', serviceName: 'exit', exportTimeoutMs: 500, onError: (e) => lost.push(e.message) });
      bilan.vote({ turnId: 't' }, 1);
      await bilan.shutdown();
      console.log(JSON.stringify(lost));
    `;
    const { status, stdout } = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect({ status, lost: stdout.trim() }).toEqual({
      status: 0,
      lost: JSON.stringify(['1 events not delivered: collector unreachable until shutdown']),
    });
  }, 30_000);

  it('reports an endpoint that is no URL on every export instead of throwing, each loss once', async () => {
    const errors: Error[] = [];
    const bilan = initBilan({ endpoint: 'not a url', serviceName: 'demo', onError: (e) => errors.push(e) });
    bilan.vote({ turnId: 't' }, 1);
    await bilan.shutdown();
    expect(errors.map((e) => e.message)).toEqual(['1 events not delivered: endpoint is not a URL: not a url']);
  });

  it('accepts any options whatsoever without throwing', async () => {
    const r = await receiver();

    await assertAcceptsAnyOptions(initBilan, r.url);
  });
});
