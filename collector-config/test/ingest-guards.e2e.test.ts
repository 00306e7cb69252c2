import { ATTR, COLLECTOR_METRIC, EVENT, LABEL_VALUE_OTHER, LABEL_VALUE_UNSET, ratingOf } from '@bilan/contract';
import { queryPrometheus, type RunningPipeline, startPipeline, storedTotal, waitFor } from '@bilan/stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type JsonEvent, otlpLogsRequest, postLogs } from './otlp-json';

const ALLOWED_FEATURES = ['chat', 'search', 'summarize'];
const ALLOWED_ORIGIN = 'https://app.example.com';
const MAX_REQUEST_BYTES = 512 * 1024;
const DISTINCT_FEATURES = 10_000;
const PER_REQUEST = 500;

let pipeline: RunningPipeline;

beforeAll(async () => {
  pipeline = await startPipeline({
    collectorEnv: {
      BILAN_FEATURE_ALLOWLIST: `^(${ALLOWED_FEATURES.join('|')})$`,
      BILAN_CORS_ALLOWED_ORIGINS: `[${ALLOWED_ORIGIN}]`,
      BILAN_MAX_REQUEST_BYTES: String(MAX_REQUEST_BYTES),
    },
  });
});

afterAll(async () => {
  await pipeline?.stop();
});

const started = (feature: string | undefined): JsonEvent => ({
  eventName: EVENT.conversationStart,
  attributes: feature === undefined ? {} : { [ATTR.feature]: feature },
});

describe('cardinality', () => {
  it(`keeps ${DISTINCT_FEATURES.toLocaleString('en')} distinct feature names to the allowlist plus "other"`, async () => {
    const service = 'cardinality-app';
    for (let first = 0; first < DISTINCT_FEATURES; first += PER_REQUEST) {
      const events = Array.from({ length: PER_REQUEST }, (_, i) => started(`generated-feature-${first + i}`));
      const res = await postLogs(pipeline.collector.otlpHttpUrl, otlpLogsRequest(service, events));
      expect(res.status).toBe(200);
    }
    const odd = ['x'.repeat(500), 'chat ', 'CHAT', 'chat\nsearch', '{"$ne":1}'];
    const known = [...ALLOWED_FEATURES, undefined, ...odd].map(started);
    expect((await postLogs(pipeline.collector.otlpHttpUrl, otlpLogsRequest(service, known))).status).toBe(200);

    const query = storedTotal('conversationsStarted', `service_name="${service}"`);
    const samples = await waitFor(
      async () => {
        const r = await queryPrometheus(pipeline.prometheus.url, query);
        const total = r.reduce((sum, s) => sum + Number(s.value[1]), 0);
        return total === DISTINCT_FEATURES + known.length && r;
      },
      { timeoutMs: 60_000, intervalMs: 1000, what: 'every generated conversation to be counted' },
    );
    const byFeature = Object.fromEntries(samples.map((s) => [s.metric.feature, Number(s.value[1])]));
    expect(byFeature).toEqual({
      chat: 1,
      search: 1,
      summarize: 1,
      [LABEL_VALUE_UNSET]: 1,
      [LABEL_VALUE_OTHER]: DISTINCT_FEATURES + odd.length,
    });
  });

  it('ignores attributes that are named like labels, so they cannot bypass the bounds', async () => {
    const service = 'label-spoofing-app';
    const spoofed = Array.from({ length: 20 }, (_, i) => ({
      eventName: EVENT.conversationStart,
      attributes: { feature: `spoofed-${i}`, service_name: `spoofed-${i}`, environment: `spoofed-${i}` },
    }));
    expect((await postLogs(pipeline.collector.otlpHttpUrl, otlpLogsRequest(service, spoofed))).status).toBe(200);
    const samples = await waitFor(
      async () => {
        const r = await queryPrometheus(
          pipeline.prometheus.url,
          storedTotal('conversationsStarted', `service_name="${service}"`),
        );
        return r.reduce((sum, s) => sum + Number(s.value[1]), 0) === spoofed.length && r;
      },
      { timeoutMs: 30_000, what: 'the spoofed events to be counted' },
    );
    expect(samples.map((s) => [s.metric.feature, s.metric.environment])).toEqual([
      [LABEL_VALUE_UNSET, LABEL_VALUE_UNSET],
    ]);
  });

  it('tracks a bounded number of streams in the Collector', async () => {
    const text = await (await fetch(pipeline.collector.metricsUrl)).text();
    const line = text.split('\n').find((l) => l.startsWith(`${COLLECTOR_METRIC.seriesStreamsTracked} `));
    expect(line, `${COLLECTOR_METRIC.seriesStreamsTracked} in the Collector's metrics`).toBeDefined();
    expect(Number(line?.split(' ')[1])).toBeLessThan(50);
  });
});

describe('vote rating', () => {
  it('rates as the contract does (label, else the sign of a non-zero score), and counts only rated user feedback', async () => {
    const service = 'rating-app';
    const vote = (attributes: Record<string, string | number>): JsonEvent => ({
      eventName: EVENT.evaluationResult,
      attributes: { [ATTR.evaluationName]: 'user_feedback', ...attributes },
    });
    const events: JsonEvent[] = [
      vote({ [ATTR.evaluationScoreLabel]: 'positive', [ATTR.evaluationScoreValue]: -1 }), // the label wins
      vote({ [ATTR.evaluationScoreLabel]: 'meh', [ATTR.evaluationScoreValue]: 1 }), // unknown label: the sign
      vote({ [ATTR.evaluationScoreValue]: '-1' }), // a score sent as text
      vote({ [ATTR.evaluationScoreValue]: 0.5 }),
      vote({ [ATTR.evaluationScoreValue]: 0 }), // neutral: no rating, not counted
      vote({ [ATTR.evaluationScoreValue]: '0' }),
      vote({}), // neither label nor score
      {
        eventName: '',
        attributes: {
          'event.name': EVENT.evaluationResult,
          [ATTR.evaluationName]: 'user_feedback',
          [ATTR.evaluationScoreValue]: -2,
        },
      },
      {
        eventName: EVENT.evaluationResult,
        attributes: { [ATTR.evaluationName]: 'conversation_feedback', [ATTR.evaluationScoreValue]: 1 },
      },
    ];
    expect((await postLogs(pipeline.collector.otlpHttpUrl, otlpLogsRequest(service, events))).status).toBe(200);
    const byRating = await waitFor(
      async () => {
        const r = await queryPrometheus(
          pipeline.prometheus.url,
          `sum by (rating) (${storedTotal('votes', `service_name="${service}"`)})`,
        );
        const counts = Object.fromEntries(r.map((s) => [s.metric.rating, Number(s.value[1])]));
        return (counts.positive ?? 0) + (counts.negative ?? 0) >= 5 && counts;
      },
      { timeoutMs: 30_000, what: 'the votes in Prometheus' },
    );
    const expected = { positive: 0, negative: 0 };
    for (const { attributes: a } of events) {
      if (a[ATTR.evaluationName] !== 'user_feedback') continue;
      const rating = ratingOf(a[ATTR.evaluationScoreLabel], a[ATTR.evaluationScoreValue]);
      if (rating) expected[rating]++;
    }
    expect(expected).toEqual({ positive: 3, negative: 2 });
    expect(byRating).toEqual(expected);
  });
});

describe('OTLP/HTTP receiver guards', () => {
  it(`refuses a request over ${MAX_REQUEST_BYTES} bytes with a clear error and takes one under it`, async () => {
    const big = otlpLogsRequest('size-app', [
      { eventName: EVENT.custom, attributes: { blob: 'a'.repeat(MAX_REQUEST_BYTES) } },
    ]);
    const refused = await postLogs(pipeline.collector.otlpHttpUrl, big);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toMatch(/too large/);
    const small = otlpLogsRequest('size-app', [
      { eventName: EVENT.custom, attributes: { blob: 'a'.repeat(MAX_REQUEST_BYTES / 2) } },
    ]);
    expect((await postLogs(pipeline.collector.otlpHttpUrl, small)).status).toBe(200);
  });

  it('answers malformed OTLP with 400 and keeps running', async () => {
    const res = await postLogs(pipeline.collector.otlpHttpUrl, '{"resourceLogs": [ not json');
    expect(res.status).toBe(400);
    expect((await fetch(pipeline.collector.healthUrl)).ok).toBe(true);
  });

  it('allows CORS only for the configured origin', async () => {
    const preflight = (origin: string) =>
      fetch(`${pipeline.collector.otlpHttpUrl}/v1/logs`, {
        method: 'OPTIONS',
        headers: {
          Origin: origin,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'content-type',
        },
      });
    expect((await preflight(ALLOWED_ORIGIN)).headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
  });
});
