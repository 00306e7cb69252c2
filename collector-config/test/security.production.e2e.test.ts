import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ATTR, COLLECTOR_METRIC, EVENT, LABEL_VALUE_OTHER, LABEL_VALUE_UNSET, NARROW_SERIES } from '@bilan/contract';
import { initBilan as initNodeBilan } from '@bilan/sdk/node';
import { initBilan as initWebBilan } from '@bilan/sdk/web';
import {
  attributeValue,
  COLLECTOR_BIN,
  COLLECTOR_CONFIG,
  collectorEnvFor,
  freePort,
  queryPrometheus,
  type RunningCollector,
  type RunningOtlpSink,
  type RunningPrometheus,
  sinkLogRecords,
  startCollector,
  startOtlpSink,
  startPrometheus,
  storedTotal,
  sumMetricSamples,
  waitFor,
} from '@bilan/stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRODUCTION_OVERLAY } from '../src/paths';
import { BROWSER_MAX_REQUEST_BYTES, BROWSER_RECEIVER } from '../src/production-overlay';
import { type JsonEvent, otlpLogsRequest, postLogs } from './otlp-json';

// The production config (otelcol-config.yaml + otelcol-config.production.yaml) with the real
// Collector, Prometheus, and the OTLP sink standing in for Tempo and Loki.
const TOKEN = 'test-ingest-token-3f9a';
const ORIGIN = 'https://app.example.com';
const SERVICE = 'security-app';
const ALLOWED_FEATURES = ['chat', 'search'];
const DISTINCT = 50;

let prometheus: RunningPrometheus;
let sink: RunningOtlpSink;
let collector: RunningCollector;
let browserUrl: string;

beforeAll(async () => {
  const telemetryPort = await freePort();
  prometheus = await startPrometheus({ scrapeTargets: [`127.0.0.1:${telemetryPort}`] });
  sink = await startOtlpSink();
  browserUrl = `http://127.0.0.1:${await freePort()}`;
  collector = await startCollector({
    configFiles: [COLLECTOR_CONFIG, PRODUCTION_OVERLAY],
    telemetryPort,
    env: {
      ...collectorEnvFor(prometheus, sink.url, {}),
      BILAN_INGEST_TOKEN: TOKEN,
      BILAN_CORS_ALLOWED_ORIGINS: `[${ORIGIN}]`,
      BILAN_OTLP_BROWSER_ENDPOINT: browserUrl.replace('http://', ''),
      // Two of the allowlists set; the others keep the production default (closed).
      BILAN_SERVICE_ALLOWLIST: `^${SERVICE}$`,
      BILAN_FEATURE_ALLOWLIST: `^(${ALLOWED_FEATURES.join('|')})$`,
    },
  });
});

afterAll(async () => {
  await collector?.stop();
  await Promise.all([sink?.stop(), prometheus?.stop()]);
});

const marked = (marker: string): JsonEvent => ({ eventName: EVENT.custom, attributes: { 'test.marker': marker } });
const delivered = (marker: string) =>
  sinkLogRecords(sink.received).filter(({ record }) => attributeValue(record.attributes, 'test.marker') === marker);

describe('server-side ingest (otlp receiver): bearer token required', () => {
  it('answers 401 without a token and with a wrong one, and delivers nothing of either', async () => {
    const body = otlpLogsRequest(SERVICE, [marked('refused')]);
    expect((await postLogs(collector.otlpHttpUrl, body)).status).toBe(401);
    expect((await postLogs(collector.otlpHttpUrl, body, { Authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await postLogs(collector.otlpHttpUrl, body, { Authorization: TOKEN })).status).toBe(401);
  });

  it('accepts the right token and delivers the event to the Loki exporter', async () => {
    const body = otlpLogsRequest(SERVICE, [marked('with-token')]);
    expect((await postLogs(collector.otlpHttpUrl, body, { Authorization: `Bearer ${TOKEN}` })).status).toBe(200);
    await waitFor(() => delivered('with-token').length === 1, { timeoutMs: 30_000, what: 'the event at the sink' });
    expect(delivered('refused')).toEqual([]);
  });
});

describe('server-side ingest with @bilan/sdk/node', () => {
  const send = async (marker: string, headers?: Record<string, string>) => {
    const errors: unknown[] = [];
    const bilan = initNodeBilan({
      endpoint: collector.otlpHttpUrl,
      serviceName: SERVICE,
      headers,
      exportTimeoutMs: 3000,
      onError: (e) => errors.push(e),
    });
    bilan.track('from-the-server', { 'test.marker': marker });
    await bilan.shutdown();
    return errors;
  };

  it('delivers with the token in its headers option', async () => {
    expect(await send('node-sdk', { Authorization: `Bearer ${TOKEN}` })).toEqual([]);
    await waitFor(() => delivered('node-sdk').length === 1, { timeoutMs: 30_000, what: 'the event at the sink' });
  });

  it('reports the refusal without it, and nothing is delivered', async () => {
    expect((await send('node-sdk-no-token')).length).toBeGreaterThan(0);
    expect(delivered('node-sdk-no-token')).toEqual([]);
  });
});

describe('browser-facing endpoint (otlp/browser)', () => {
  const preflight = (origin: string) =>
    fetch(`${browserUrl}/v1/logs`, {
      method: 'OPTIONS',
      headers: {
        Origin: origin,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type',
      },
    });

  it('answers the preflight of an allowed origin and refuses any other', async () => {
    const allowed = await preflight(ORIGIN);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const refused = await preflight('https://evil.example');
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    expect(refused.headers.get('access-control-allow-methods')).toBeNull();
  });

  it('takes the web SDK without any secret in the page', async () => {
    const errors: unknown[] = [];
    const bilan = initWebBilan({ endpoint: browserUrl, serviceName: SERVICE, onError: (e) => errors.push(e) });
    bilan.track('from-the-page', { 'test.marker': 'web-sdk' });
    await bilan.flush();
    expect(errors).toEqual([]);
    await waitFor(() => delivered('web-sdk').length === 1, { timeoutMs: 30_000, what: 'the page event at the sink' });
  });

  it(`refuses a body over ${BROWSER_MAX_REQUEST_BYTES} bytes with 400, and nothing of it is exported`, async () => {
    const accepted = async () =>
      sumMetricSamples(await (await fetch(collector.metricsUrl)).text(), COLLECTOR_METRIC.receiverAcceptedLogRecords, {
        receiver: BROWSER_RECEIVER,
      });
    const before = await accepted();
    const big = otlpLogsRequest(SERVICE, [
      {
        eventName: EVENT.custom,
        attributes: { 'test.marker': 'too-big', blob: 'a'.repeat(BROWSER_MAX_REQUEST_BYTES) },
      },
    ]);
    const refused = await postLogs(browserUrl, big, { Origin: ORIGIN });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toMatch(/too large/);
    // A small request after it, so the exporters have had their chance to send the big one.
    expect((await postLogs(browserUrl, otlpLogsRequest(SERVICE, [marked('after-big')]))).status).toBe(200);
    await waitFor(() => delivered('after-big').length === 1, { timeoutMs: 30_000, what: 'the small request' });
    expect(delivered('too-big')).toEqual([]);
    expect((await accepted()) - before).toBe(1);
  });

  it('takes logs only: no traces, no metrics (an app metric would create any series it names)', async () => {
    for (const path of ['/v1/metrics', '/v1/traces']) {
      const res = await fetch(`${browserUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expect(res.status, path).toBe(404);
    }
  });

  it('refuses a content type a cross-site form could send without a preflight', async () => {
    const res = await fetch(`${browserUrl}/v1/logs`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', Origin: 'https://evil.example' },
      body: otlpLogsRequest(SERVICE, [marked('text-plain')]),
    });
    expect(res.status).toBe(415);
  });
});

describe('label allowlists, closed by default in production', () => {
  it('creates no series for values outside the allowlists, from either endpoint', async () => {
    const i = Array.from({ length: DISTINCT }, (_, n) => n);
    const vote = (feature: string, n: number): JsonEvent => ({
      eventName: EVENT.evaluationResult,
      attributes: {
        [ATTR.evaluationName]: 'user_feedback',
        [ATTR.evaluationScoreValue]: 1,
        [ATTR.feature]: feature,
        [ATTR.requestModel]: `model-${n}`,
        [ATTR.promptVersion]: `v${n}`,
      },
    });
    const votes = [...ALLOWED_FEATURES.map(vote), ...i.map((n) => vote(`feature-${n}`, n))];
    const steps = i.map((n) => ({
      eventName: EVENT.journeyStep,
      attributes: { [ATTR.journeyName]: `journey-${n}`, [ATTR.journeyStep]: `step-${n}` },
    }));
    const env = { 'deployment.environment.name': 'production' };
    expect((await postLogs(browserUrl, otlpLogsRequest(SERVICE, [...votes, ...steps], env))).status).toBe(200);
    // Five intruders at once: their resources differ, and fold into one label set in one flush.
    for (const n of i.slice(0, 5)) {
      const intruder = otlpLogsRequest(`intruder-${n}`, [{ eventName: EVENT.conversationStart, attributes: {} }], {
        'deployment.environment.name': `env-${n}`,
      });
      expect((await postLogs(collector.otlpHttpUrl, intruder, { Authorization: `Bearer ${TOKEN}` })).status).toBe(200);
    }

    const sent = votes.length + steps.length + 5;
    const counted = `sum(sum_over_time({__name__=~"bilan_(votes|journey_steps|conversations_started)_total"}[10m]))`;
    await waitFor(async () => Number((await queryPrometheus(prometheus.url, counted))[0]?.value[1]) === sent, {
      timeoutMs: 60_000,
      intervalMs: 1000,
      what: `all ${sent} events counted in Prometheus`,
    });
    const everySeries = `count by (__name__, service_name, environment, feature, model, prompt_version, journey, step, rating) (last_over_time({__name__=~"bilan_.+"}[10m]))`;
    const series = (await queryPrometheus(prometheus.url, everySeries)).map((s) => ({ ...s.metric }));
    const other = LABEL_VALUE_OTHER;
    const voteSeries = (feature: string): Record<string, string> => ({
      __name__: 'bilan_votes_total',
      service_name: SERVICE,
      environment: other,
      feature,
      model: other,
      prompt_version: other,
      rating: 'positive',
    });
    const sortKey = (m: Record<string, string>) => JSON.stringify(Object.entries(m).sort());
    const expected: Record<string, string>[] = [
      ...ALLOWED_FEATURES.map(voteSeries),
      voteSeries(other),
      {
        __name__: 'bilan_journey_steps_total',
        service_name: SERVICE,
        environment: other,
        journey: other,
        step: other,
      },
      {
        __name__: 'bilan_conversations_started_total',
        service_name: other,
        environment: other,
        feature: LABEL_VALUE_UNSET,
      },
    ];
    // Each counted series also lands in its narrow twins (contract NARROW_SERIES), bounded the same way.
    const twins = expected.flatMap((m) =>
      NARROW_SERIES.filter((n) => n.source.name === m.__name__).map((n) => ({
        ...Object.fromEntries(Object.entries(m).filter(([label]) => !n.without.includes(label))),
        __name__: n.name,
      })),
    );
    const expectedKeys = [...new Set([...expected, ...twins].map(sortKey))].sort();
    expect(series.map(sortKey).sort()).toEqual(expectedKeys);
    const count = async (promql: string) =>
      (await queryPrometheus(prometheus.url, `sum(${promql})`)).map((s) => Number(s.value[1]));
    expect(await count(storedTotal('votes', `feature="${other}"`))).toEqual([DISTINCT]);
    expect(await count(storedTotal('journeySteps', `service_name="${SERVICE}"`))).toEqual([DISTINCT]);
    expect(await count(storedTotal('conversationsStarted', `service_name="${other}"`))).toEqual([5]);
  });
});

describe('the ingest token', () => {
  const run = promisify(execFile);
  const validate = (env: Record<string, string>) =>
    run(COLLECTOR_BIN, ['validate', `--config=${COLLECTOR_CONFIG}`, `--config=${PRODUCTION_OVERLAY}`], {
      env: { PATH: process.env.PATH ?? '', ...env },
    }).then(
      () => 'valid',
      (e: { stderr: string }) => e.stderr,
    );

  it('is required: without BILAN_INGEST_TOKEN or BILAN_INGEST_TOKEN_FILE the Collector will not start', async () => {
    expect(await validate({})).toMatch(/bearertokenauth\/ingest: no bearer token provided/);
    expect(await validate({ BILAN_INGEST_TOKEN: TOKEN })).toBe('valid');
  });

  it('can come from a file holding one token per line (rotation: old and new both valid)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bilan-token-'));
    const file = join(dir, 'ingest-tokens');
    writeFileSync(file, 'old-token-1c2d\nnew-token-9e8f\n', { mode: 0o600 });
    const otherBrowserUrl = `http://127.0.0.1:${await freePort()}`;
    // No BILAN_CORS_ALLOWED_ORIGINS here: the production default.
    const fromFile = await startCollector({
      configFiles: [COLLECTOR_CONFIG, PRODUCTION_OVERLAY],
      env: {
        ...collectorEnvFor(prometheus, sink.url, {}),
        BILAN_INGEST_TOKEN_FILE: file,
        BILAN_OTLP_BROWSER_ENDPOINT: otherBrowserUrl.replace('http://', ''),
      },
    });
    try {
      const preflight = await fetch(`${otherBrowserUrl}/v1/logs`, {
        method: 'OPTIONS',
        headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'POST' },
      });
      expect(preflight.headers.get('access-control-allow-origin'), 'no origin is allowed by default').toBeNull();
      const body = otlpLogsRequest(SERVICE, [marked('token-file')]);
      const post = (token: string) => postLogs(fromFile.otlpHttpUrl, body, { Authorization: `Bearer ${token}` });
      expect((await post('old-token-1c2d')).status).toBe(200);
      expect((await post('new-token-9e8f')).status).toBe(200);
      expect((await post(TOKEN)).status).toBe(401);
      await waitFor(() => delivered('token-file').length === 2, { timeoutMs: 30_000, what: 'both events' });
    } finally {
      await fromFile.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
