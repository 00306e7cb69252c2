import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attributeValue, type RunningOtlpSink, sinkLogRecords, startOtlpSink } from './otlp-sink';

let sink: RunningOtlpSink;
beforeAll(async () => {
  sink = await startOtlpSink({ keep: 2 });
});
afterAll(async () => {
  await sink.stop();
});

const logs = (step: string) =>
  JSON.stringify({
    resourceLogs: [
      {
        scopeLogs: [{ logRecords: [{ eventName: 'e', attributes: [{ key: 'step', value: { stringValue: step } }] }] }],
      },
    ],
  });
const post = (
  path: string,
  body: string | Uint8Array,
  headers: Record<string, string> = { 'content-type': 'application/json' },
) =>
  fetch(`${sink.url}${path}`, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : new Blob([new Uint8Array(body)]),
  });

describe('startOtlpSink', () => {
  it("keeps OTLP/JSON logs posted to /v1/logs and to Loki's /otlp/v1/logs, gzip or not", async () => {
    expect((await post('/v1/logs', logs('a'))).status).toBe(200);
    expect(
      (
        await post('/otlp/v1/logs', gzipSync(logs('b')), {
          'content-type': 'application/json',
          'content-encoding': 'gzip',
        })
      ).status,
    ).toBe(200);
    expect(sinkLogRecords(sink.received).map(({ record }) => attributeValue(record.attributes, 'step'))).toEqual([
      'a',
      'b',
    ]);
  });

  it('keeps only the newest requests when bounded', async () => {
    await post('/v1/logs', logs('c'));
    expect(sinkLogRecords(sink.received).map(({ record }) => attributeValue(record.attributes, 'step'))).toEqual([
      'b',
      'c',
    ]);
  });

  it('refuses protobuf with 415 and malformed JSON with 400, never silently', async () => {
    expect(
      (await post('/v1/traces', Buffer.from([1, 2, 3]), { 'content-type': 'application/x-protobuf' })).status,
    ).toBe(415);
    expect((await post('/v1/traces', '{nope')).status).toBe(400);
    expect((await post('/v1/metrics', '{}')).status).toBe(404);
    expect(sink.received.traces).toEqual([]);
  });

  it('answers 503 and keeps nothing during an outage, then takes requests again', async () => {
    const steps = () => sinkLogRecords(sink.received).map(({ record }) => attributeValue(record.attributes, 'step'));
    const before = steps();
    sink.setAvailable(false);
    expect((await post('/v1/logs', logs('during'))).status).toBe(503);
    expect(steps()).toEqual(before);
    sink.setAvailable(true);
    expect((await post('/v1/logs', logs('after'))).status).toBe(200);
    expect(steps().at(-1)).toBe('after');
  });
});
