import { afterEach, describe, expect, it } from 'vitest';
import { startReceiver } from '../../test/otlp-receiver';
import { createTransport, type DropReason, KEEPALIVE_LIMIT } from './transport';

type Receiver = Awaited<ReturnType<typeof startReceiver>>;
const receivers: Receiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.stop()));
});

async function waitUntil(condition: () => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
}

/** A transport of plain objects posting `{ events }` to a local receiver. */
async function setUp(respond?: Parameters<typeof startReceiver>[0], overrides = {}) {
  const receiver = await startReceiver(respond);
  receivers.push(receiver);
  const drops: [number, DropReason][] = [];
  const transport = createTransport<Record<string, unknown>>({
    url: `${receiver.url}/v1/logs`,
    baseDelayMs: 5,
    encode: (events) => JSON.stringify({ events }),
    droppedEvent: (count, reason) => ({ dropped: count, reason }),
    onDrop: (count, reason) => drops.push([count, reason]),
    ...overrides,
  });
  const delivered = () => receiver.received.flatMap((r) => (r.body as { events: Record<string, unknown>[] }).events);
  return { receiver, transport, drops, delivered };
}

describe('createTransport', () => {
  it('batches by size: 25 events go as 10 + 10 + 5', async () => {
    const { transport, receiver, delivered } = await setUp(undefined, { intervalMs: 60_000 });
    for (let i = 0; i < 25; i++) transport.push({ i });
    await transport.flush();
    expect(receiver.received.map((r) => (r.body as { events: unknown[] }).events.length)).toEqual([10, 10, 5]);
    expect(delivered().map((e) => e.i)).toEqual(Array.from({ length: 25 }, (_, i) => i));
    expect(receiver.received[0]?.headers['content-type']).toBe('application/json');
  });

  it('sends a partial batch after the interval', async () => {
    const { transport, delivered } = await setUp(undefined, { intervalMs: 30 });
    transport.push({ a: 1 });
    expect(delivered()).toEqual([]);
    await waitUntil(() => delivered().length > 0);
    expect(delivered()).toEqual([{ a: 1 }]);
  });

  it('retries 503 then delivers, with nothing dropped', async () => {
    const { transport, receiver, drops, delivered } = await setUp((_, n) => (n === 1 ? 503 : 200));
    transport.push({ vote: 1 });
    await transport.flush();
    await waitUntil(() => delivered().length > 0);
    expect(receiver.attempts.get('/v1/logs')).toBe(2);
    expect(delivered()).toEqual([{ vote: 1 }]);
    expect(drops).toEqual([]);
  });

  it('retries 429 and network errors, not 400', async () => {
    const flaky = await setUp((_, n) => (n === 1 ? 429 : n === 2 ? 'destroy' : 200));
    flaky.transport.push({ x: 1 });
    await waitUntil(() => flaky.delivered().length > 0);
    expect(flaky.receiver.attempts.get('/v1/logs')).toBe(3);
    expect(flaky.delivered()).toEqual([{ x: 1 }]);

    const rejecting = await setUp(() => 400);
    rejecting.transport.push({ x: 1 });
    await rejecting.transport.flush();
    expect(rejecting.receiver.attempts.get('/v1/logs')).toBe(1);
    expect(rejecting.drops).toEqual([[1, 'export_failed']]);
  });

  it('keeps every event through an outage, retrying with backoff, and delivers them in order once it is over', async () => {
    let down = true;
    const { transport, receiver, drops, delivered } = await setUp(() => (down ? 'destroy' : 200), { maxEvents: 2 });
    for (let a = 1; a <= 5; a++) transport.push({ a });
    await transport.flush();
    await waitUntil(() => (receiver.attempts.get('/v1/logs') ?? 0) >= 4);
    expect(delivered()).toEqual([]);
    down = false;
    await waitUntil(() => delivered().length === 5);
    expect(delivered().map((e) => e.a)).toEqual([1, 2, 3, 4, 5]);
    expect(drops).toEqual([]);
  });

  it('beyond its bound drops the oldest, reported, then counted to the collector once it answers', async () => {
    let down = true;
    const { transport, drops, delivered } = await setUp(() => (down ? 'destroy' : 200), {
      maxQueue: 3,
      maxEvents: 100,
      intervalMs: 60_000,
    });
    for (let i = 0; i < 5; i++) transport.push({ i });
    expect(transport.size()).toBe(3);
    expect(drops).toEqual([
      [1, 'queue_full'],
      [1, 'queue_full'],
    ]);
    await transport.flush();
    transport.push({ i: 5 });
    down = false;
    await waitUntil(() => delivered().length > 0);
    expect(delivered()).toEqual([{ i: 3 }, { i: 4 }, { i: 5 }, { dropped: 3, reason: 'queue_full' }]);
  });

  it('on unload also sends the batch waiting for its retry', async () => {
    const { transport, delivered } = await setUp((_, n) => (n === 1 ? 'destroy' : 200), { baseDelayMs: 60_000 });
    transport.push({ waiting: 1 });
    await transport.flush();
    expect(delivered()).toEqual([]);
    transport.unload();
    await waitUntil(() => delivered().length > 0);
    expect(delivered()).toEqual([{ waiting: 1 }]);
  });

  it('after an unload during an outage (a hidden tab), sends new events again on its own', async () => {
    const { transport, delivered } = await setUp((_, n) => (n === 1 ? 'destroy' : 200), {
      baseDelayMs: 60_000,
      intervalMs: 30,
    });
    transport.push({ waiting: 1 });
    await transport.flush();
    transport.unload();
    await waitUntil(() => delivered().length === 1);
    transport.push({ after: 1 });
    await waitUntil(() => delivered().length === 2, 2_000);
    expect(delivered()).toEqual([{ waiting: 1 }, { after: 1 }]);
  });

  it('on unload sends everything at once within the keepalive budget and reports the rest', async () => {
    const { transport, drops, delivered, receiver } = await setUp(undefined, { maxEvents: 1000, intervalMs: 60_000 });
    const big = 'x'.repeat(1000);
    for (let i = 0; i < 100; i++) transport.push({ i, big });
    transport.unload();
    await waitUntil(() => receiver.received.length > 0);
    const sent = delivered().length;
    expect(sent).toBeGreaterThan(20);
    expect(JSON.stringify({ events: delivered() }).length).toBeLessThanOrEqual(KEEPALIVE_LIMIT);
    expect(drops).toEqual([[100 - sent, 'export_failed']]);
    expect(transport.size()).toBe(0);
  });

  it('warms the CORS preflight up with an empty, valid OTLP request, never throwing when the endpoint is away', async () => {
    const { transport, receiver } = await setUp();
    transport.warmUp();
    await waitUntil(() => receiver.received.length > 0);
    expect(receiver.received[0]?.body).toEqual({ resourceLogs: [] });
    const away = createTransport({ ...transportOf('http://127.0.0.1:9/v1/logs') });
    expect(() => away.warmUp()).not.toThrow();
  });
});

function transportOf(url: string) {
  return {
    url,
    encode: (events: unknown[]) => JSON.stringify({ events }),
    droppedEvent: (count: number, reason: DropReason) => ({ dropped: count, reason }),
    onDrop: () => {},
  };
}
