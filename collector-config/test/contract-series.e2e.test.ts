import {
  ATTR,
  COLLECTOR_METRIC,
  COLLECTOR_SCRAPE_JOB,
  EVENT,
  INGEST_RECEIVERS_MATCHER,
  LABEL,
  NARROW_SERIES,
  RESOURCE_ATTR,
  SERIES,
  type SeriesKey,
  sumCountOverRange,
} from '@bilan/contract';
import {
  attributeValue,
  type ExpectedWorkload,
  emitWithPlainOtel,
  expectedSeries,
  planReferenceWorkload,
  queryPrometheus,
  type RunningPipeline,
  STORED_RANGE,
  sendReferenceWorkload,
  sinkLogRecords,
  sinkSpans,
  startPipeline,
  storedTotal,
  waitFor,
} from '@bilan/stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedValues, readSeries, waitForExpectedSeries } from './series-assertions';

const SDK_SERVICE = 'bilan-sdk-app';
const PLAIN_SERVICE = 'plain-genai-app';
const PII_SERVICE = 'pii-app';
const PII = {
  email: 'jane.doe@example.com',
  phone: '+44 20 7946 0958',
  card: '4111 1111 1111 1111',
  apiKey: 'sk-live_abcdefghijklmnop1234',
};
const SERIES_KEYS = Object.keys(SERIES) as SeriesKey[];

let pipeline: RunningPipeline;
let sdkExpected: ExpectedWorkload;
let plainExpected: ExpectedWorkload;
let piiTraceIds: string[];

beforeAll(async () => {
  pipeline = await startPipeline();
  const url = pipeline.collector.otlpHttpUrl;
  sdkExpected = await sendReferenceWorkload(url, SDK_SERVICE);
  const plainPlan = planReferenceWorkload(PLAIN_SERVICE);
  await emitWithPlainOtel(plainPlan, url);
  plainExpected = expectedSeries(plainPlan, 'plain-genai');
  // PII sent on purpose, behind the SDK's back, to prove the Collector's own redaction.
  const piiPlan = { ...planReferenceWorkload(PII_SERVICE), votes: planReferenceWorkload().votes.slice(0, 3) };
  const comment = `call me on ${PII.phone} or write to ${PII.email}; card ${PII.card}; key ${PII.apiKey}`;
  ({ traceIdsByTurn: piiTraceIds } = await emitWithPlainOtel(piiPlan, url, [
    { [ATTR.evaluationExplanation]: comment },
    { [ATTR.userId]: PII.email },
    { 'app.password': 'hunter2' },
  ]));
  await waitForExpectedSeries(pipeline.prometheus.url, sdkExpected, SDK_SERVICE);
  await waitForExpectedSeries(pipeline.prometheus.url, plainExpected, PLAIN_SERVICE);
});

afterAll(async () => {
  await pipeline?.stop();
});

describe('SDK → Collector → Prometheus with the reference workload', () => {
  it('sends 1,000 votes (730 positive) and 200 turns (10 failing)', async () => {
    const votes = await queryPrometheus(
      pipeline.prometheus.url,
      `sum by (rating) (${storedTotal('votes', `service_name="${SDK_SERVICE}"`)})`,
    );
    expect(Object.fromEntries(votes.map((s) => [s.metric.rating, Number(s.value[1])]))).toEqual({
      positive: 730,
      negative: 270,
    });
    const turns = await queryPrometheus(
      pipeline.prometheus.url,
      `sum by (outcome) (${storedTotal('turns', `service_name="${SDK_SERVICE}"`)})`,
    );
    expect(Object.fromEntries(turns.map((s) => [s.metric.outcome, Number(s.value[1])]))).toEqual({
      success: 190,
      error: 10,
    });
  });

  it.each(SERIES_KEYS)('%s holds exactly the expected label sets and values', async (key) => {
    expect(await readSeries(pipeline.prometheus.url, key, SDK_SERVICE)).toEqual(expectedValues(sdkExpected, key));
    expect(sdkExpected[key]?.size, `the workload covers ${key}`).toBeGreaterThan(0);
  });

  it.each(NARROW_SERIES.map((s) => [s.name, s] as const))(
    '%s holds exactly its source summed over the labels it drops',
    async (_name, narrow) => {
      const totals = async (name: string) =>
        (
          await queryPrometheus(
            pipeline.prometheus.url,
            sumCountOverRange(`${name}{service_name="${SDK_SERVICE}"}`, STORED_RANGE, narrow.labels),
          )
        )
          .map((s) => `${JSON.stringify(s.metric)}=${s.value[1]}`)
          .sort();
      const expected = await totals(narrow.source.name);
      expect(expected.length).toBeGreaterThan(0);
      expect(await totals(narrow.name)).toEqual(expected);
    },
  );

  it('writes no series or label beyond the contract', async () => {
    const all = await queryPrometheus(pipeline.prometheus.url, '{__name__=~"bilan_.*"}');
    for (const { metric } of all) {
      const { __name__: name = '', le, ...labels } = metric;
      const spec = [...Object.values(SERIES), ...NARROW_SERIES].find(
        (s) => name === s.name || name.replace(/_(bucket|sum|count)$/, '') === s.name,
      );
      expect(spec, `${name} is a contract series`).toBeDefined();
      expect(Object.keys(labels).sort()).toEqual([...(spec?.labels ?? [])].sort());
      expect(le === undefined || name.endsWith('_bucket')).toBe(true);
    }
  });
});

describe('the same workload from the plain OpenTelemetry SDK (GenAI attributes only)', () => {
  it.each(['turns', 'turnDuration', 'turnTokens', 'votes'] as const)(
    '%s matches the plan, with feature and prompt_version "none"',
    async (key) => {
      expect(await readSeries(pipeline.prometheus.url, key, PLAIN_SERVICE)).toEqual(expectedValues(plainExpected, key));
    },
  );

  it('gives the same totals per model and rating as the Bilan SDK', async () => {
    const byModel = async (service: string) =>
      (
        await queryPrometheus(
          pipeline.prometheus.url,
          `sum by (model, rating) (${storedTotal('votes', `service_name="${service}"`)})`,
        )
      )
        .map((s) => `${s.metric.model}/${s.metric.rating}=${s.value[1]}`)
        .sort();
    expect(await byModel(PLAIN_SERVICE)).toEqual(await byModel(SDK_SERVICE));
  });
});

describe('what reaches the Tempo and Loki exporters (the OTLP sink)', () => {
  it('links every vote to its turn through the trace id', async () => {
    await waitFor(
      () => sinkLogRecords(pipeline.sink.received).length >= 2000 && sinkSpans(pipeline.sink.received).length >= 400,
      {
        what: 'the sink to hold the exported logs and spans',
      },
    );
    const spans = sinkSpans(pipeline.sink.received);
    const traceOfTurn = new Map(spans.map((s) => [attributeValue(s.attributes, ATTR.turnId), s.traceId]));
    const votes = sinkLogRecords(pipeline.sink.received).filter(
      ({ resource, record }) =>
        attributeValue(resource, RESOURCE_ATTR.serviceName) === SDK_SERVICE &&
        record.eventName === EVENT.evaluationResult,
    );
    const userVotes = votes.filter(
      ({ record }) => attributeValue(record.attributes, ATTR.evaluationName) === 'user_feedback',
    );
    expect(userVotes).toHaveLength(1000);
    for (const { record } of userVotes) {
      const turnId = attributeValue(record.attributes, ATTR.turnId);
      expect(record.traceId, `vote on turn ${turnId}`).toBe(traceOfTurn.get(turnId));
      expect(record.traceId).toMatch(/^[0-9a-f]{32}$/);
    }
  });

  it('carries the event name as both the OTLP field and the event.name attribute, for every Loki 3', () => {
    const records = sinkLogRecords(pipeline.sink.received);
    expect(records.length).toBeGreaterThan(0);
    for (const { record } of records) {
      expect(record.eventName).toBeTruthy();
      expect(attributeValue(record.attributes, 'event.name')).toBe(record.eventName);
    }
  });

  it('uses the contract attribute names and none of the metric labels', async () => {
    const known = new Set<string>([...Object.values(ATTR), 'event.name', 'app.password']);
    const labelsOnly = Object.values(LABEL).filter((l) => !known.has(l));
    const records = sinkLogRecords(pipeline.sink.received);
    for (const { record } of records) {
      for (const { key } of record.attributes ?? []) {
        expect(known.has(key), `log attribute ${key}`).toBe(true);
        expect(labelsOnly).not.toContain(key);
      }
    }
    for (const span of sinkSpans(pipeline.sink.received)) {
      for (const { key } of span.attributes ?? []) expect(labelsOnly, `span attribute ${key}`).not.toContain(key);
    }
  });

  it('holds no PII that was sent on purpose, yet keeps the records and their trace ids', async () => {
    const records = sinkLogRecords(pipeline.sink.received).filter(
      ({ resource }) => attributeValue(resource, RESOURCE_ATTR.serviceName) === PII_SERVICE,
    );
    const text = JSON.stringify(pipeline.sink.received);
    for (const value of [...Object.values(PII), 'hunter2']) expect(text).not.toContain(value);
    const votes = records.filter(
      ({ record }) => attributeValue(record.attributes, ATTR.evaluationName) === 'user_feedback',
    );
    expect(votes).toHaveLength(3);
    const comment = records
      .map(({ record }) => attributeValue(record.attributes, ATTR.evaluationExplanation))
      .find(Boolean);
    expect(comment).toMatch(/^call me on .*\*\*\*\*/);
    for (const { record } of votes) expect(piiTraceIds).toContain(record.traceId);
  });
});

describe("the Collector's own telemetry", () => {
  it('exposes the COLLECTOR_METRIC names the alerts and dashboards use', async () => {
    const text = await (await fetch(pipeline.collector.metricsUrl)).text();
    const exposed = new Set(
      text
        .split('\n')
        .filter((l) => l.startsWith('# TYPE '))
        .map((l) => l.split(' ')[2]),
    );
    // Failure and refusal counters appear after a first failure, receiver metric points once an app sends metrics.
    const always = Object.values(COLLECTOR_METRIC).filter(
      (n) => !/send_failed|enqueue_failed|receiver_.*_metric_points|failed_spans|memory_limiter_refused/.test(n),
    );
    expect(always.filter((n) => !exposed.has(n))).toEqual([]);
  });

  it('is scraped by Prometheus under the job the dashboards use', async () => {
    const samples = await waitFor(
      async () => {
        const r = await queryPrometheus(
          pipeline.prometheus.url,
          `${COLLECTOR_METRIC.receiverAcceptedSpans}{job="${COLLECTOR_SCRAPE_JOB}",${INGEST_RECEIVERS_MATCHER}}`,
        );
        return r.length > 0 && r;
      },
      { timeoutMs: 30_000, what: 'a scrape of the Collector' },
    );
    expect(Number(samples[0]?.value[1])).toBeGreaterThan(0);
  });
});
