import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterEach, describe, expect, it } from 'vitest';
import { assertAcceptsAnyOptions } from '../../test/any-options';
import { startReceiver } from '../../test/otlp-receiver';
import { initBilan as initEventsOnly } from './index';
import { initBilan } from './turns';

const receivers: Awaited<ReturnType<typeof startReceiver>>[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.stop()));
});

describe('@bilan/sdk/web/turns', () => {
  it('records browser turns with a tracer provider the app brings, and votes land in their trace', async () => {
    const r = await startReceiver();
    receivers.push(r);
    const spans = new InMemorySpanExporter();
    const tracerProvider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: spans })] });
    const bilan = initBilan({ endpoint: r.url, serviceName: 'web', tracerProvider });
    const { turn } = await bilan.trackTurn(() => 'hi', { model: 'm', feature: 'f' });
    bilan.vote(turn, 1);
    await bilan.flush();
    const span = spans.getFinishedSpans()[0];
    expect(span?.name).toBe('chat m');
    expect(r.logRecords()[0]?.traceId).toBe(span?.spanContext().traceId);
  });

  it('without a tracer still runs the call and hands out a TurnRef, with no trace to join', async () => {
    const r = await startReceiver();
    receivers.push(r);
    const bilan = initBilan({ endpoint: r.url, serviceName: 'web' });
    const { result, turn } = await bilan.trackTurn(() => 'hi', { model: 'm' });
    expect(result).toBe('hi');
    expect(turn).toEqual({ turnId: expect.any(String), model: 'm' });
  });

  it('shares the identified user between turns and events', async () => {
    const r = await startReceiver();
    receivers.push(r);
    const spans = new InMemorySpanExporter();
    const tracerProvider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: spans })] });
    const bilan = initBilan({ endpoint: r.url, serviceName: 'web', tracerProvider });
    bilan.identify('u1');
    const { turn } = await bilan.trackTurn(() => 'hi', { model: 'm' });
    bilan.vote(turn, -1);
    await bilan.flush();
    expect(spans.getFinishedSpans()[0]?.attributes['user.id']).toBe('u1');
    expect(r.logRecords()[0]?.attributes).toContainEqual({ key: 'user.id', value: { stringValue: 'u1' } });
  });

  it('accepts any options whatsoever without throwing', async () => {
    const r = await startReceiver();
    receivers.push(r);
    await assertAcceptsAnyOptions(initBilan, r.url);
  });

  it('the plain web entry has no trackTurn', () => {
    expect('trackTurn' in initEventsOnly({ endpoint: 'http://127.0.0.1:9', serviceName: 'web' })).toBe(false);
  });
});
