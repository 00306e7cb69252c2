/**
 * The counting rule end to end, on the awkward cases: an event counts in a range when the
 * sample that carries it falls inside that range. Restarts of the Collector and of Prometheus
 * go through the real processes; gaps of hours and ranges up to 30 days use samples written
 * with promtool at chosen timestamps, since a test cannot wait hours.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT, LABEL, SERIES, sumCountOverRange } from '@bilan/contract';
import {
  collectorEnvFor,
  freePort,
  PROMTOOL_BIN,
  queryPrometheus,
  type RunningCollector,
  type RunningOtlpSink,
  type RunningPrometheus,
  startCollector,
  startOtlpSink,
  startPrometheus,
  storedTotal,
  tempDataDir,
  waitFor,
} from '@bilan/stack';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { otlpLogsRequest, postLogs } from './otlp-json';

const running: { stop(): Promise<void> }[] = [];
afterAll(async () => {
  for (const r of running.reverse()) await r.stop();
});

/** `n` conversation starts of one feature, each its own event. */
function starts(service: string, feature: string, n: number): string {
  return otlpLogsRequest(
    service,
    Array.from({ length: n }, () => ({ eventName: EVENT.conversationStart, attributes: { 'bilan.feature': feature } })),
  );
}

/** Conversations started per feature, as the pipeline's Prometheus holds them. */
async function startedByFeature(prometheus: RunningPrometheus, service: string): Promise<Record<string, number>> {
  const query = `sum by (${LABEL.feature}) (${storedTotal('conversationsStarted', `${LABEL.serviceName}="${service}"`)})`;
  const samples = await queryPrometheus(prometheus.url, query);
  return Object.fromEntries(samples.map((s) => [s.metric[LABEL.feature] ?? '', Number(s.value[1])]));
}

async function waitForCounts(prometheus: RunningPrometheus, service: string, want: Record<string, number>) {
  await waitFor(async () => JSON.stringify(await startedByFeature(prometheus, service)) === JSON.stringify(want), {
    timeoutMs: 60_000,
    what: `${JSON.stringify(want)} conversations of ${service} in Prometheus`,
  }).catch(() => undefined); // the exact assertion below shows the difference
  expect(await startedByFeature(prometheus, service)).toEqual(want);
}

describe('restarts', () => {
  it('a Collector restart loses no count: the counts before and after add up', async () => {
    const prometheus = await startPrometheus({ ruleFiles: [] });
    const sink: RunningOtlpSink = await startOtlpSink();
    running.push(prometheus, sink);
    const service = 'collector-restart';
    const env = collectorEnvFor(prometheus, sink.url, {});
    let collector: RunningCollector = await startCollector({ env });
    expect((await postLogs(collector.otlpHttpUrl, starts(service, 'chat', 3))).status).toBe(200);
    await waitForCounts(prometheus, service, { chat: 3 });
    await collector.stop();
    collector = await startCollector({ env });
    running.push(collector);
    // The new process knows nothing of the 3: its first flush carries only what it received.
    expect((await postLogs(collector.otlpHttpUrl, starts(service, 'chat', 2))).status).toBe(200);
    expect((await postLogs(collector.otlpHttpUrl, starts(service, 'search', 1))).status).toBe(200);
    await waitForCounts(prometheus, service, { chat: 5, search: 1 });
  }, 120_000);

  it('a Prometheus restart loses no count: what the Collector sent while it was down arrives on its retries', async () => {
    const port = await freePort();
    const dataDir = tempDataDir('prometheus-restart');
    let prometheus = await startPrometheus({ ruleFiles: [], port, dataDir });
    const sink: RunningOtlpSink = await startOtlpSink();
    running.push(sink);
    const service = 'prometheus-restart';
    const collector = await startCollector({ env: collectorEnvFor(prometheus, sink.url, {}) });
    running.push(collector);
    expect((await postLogs(collector.otlpHttpUrl, starts(service, 'chat', 4))).status).toBe(200);
    await waitForCounts(prometheus, service, { chat: 4 });
    await prometheus.stop();
    expect((await postLogs(collector.otlpHttpUrl, starts(service, 'chat', 2))).status).toBe(200);
    expect((await postLogs(collector.otlpHttpUrl, starts(service, 'summarize', 1))).status).toBe(200);
    // Long enough for the Collector to have flushed and failed to send at least once.
    await new Promise((r) => setTimeout(r, 3000));
    prometheus = await startPrometheus({ ruleFiles: [], port, dataDir });
    running.push(prometheus);
    await waitForCounts(prometheus, service, { chat: 6, summarize: 1 });
  }, 120_000);
});

describe('gaps of hours, ranges from 5 minutes to 30 days (samples written at chosen times)', () => {
  const HOUR = 3600;
  const DAY = 24 * HOUR;
  const RANGES: Record<string, number> = {
    '5m': 300,
    '1h': HOUR,
    '6h': 6 * HOUR,
    '1d': DAY,
    '7d': 7 * DAY,
    '30d': 30 * DAY,
  };
  /** Two hours ago on the hour: the history ends in the past, inside Prometheus's retention. */
  const END = Math.floor(Date.now() / 1000 / HOUR) * HOUR - 2 * HOUR;
  const START = END - 31 * DAY;

  /**
   * Sparse per-flush samples of one vote series: bursts a few seconds apart, then gaps of
   * one to twenty hours; some samples sit exactly on the range edges the queries use.
   */
  function history(): Array<{ t: number; value: number }> {
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const samples: Array<{ t: number; value: number }> = [];
    for (let t = START; t < END - DAY; t += HOUR + Math.floor(next() * 20 * HOUR)) {
      for (let i = 0; i < 1 + Math.floor(next() * 3); i++)
        samples.push({ t: t + i * 5, value: 1 + Math.floor(next() * 4) });
    }
    // On the edges of the queries below: at an evaluation time, and exactly one range before one.
    for (const t of [END - DAY, END - DAY + 300, END - 6 * HOUR, END - HOUR, END]) samples.push({ t, value: 2 });
    return samples.sort((a, b) => a.t - b.t).filter((s, i, all) => i === 0 || all[i - 1]?.t !== s.t);
  }

  let prometheus: RunningPrometheus;
  const samples = history();

  it('loads the history', async () => {
    const dataDir = tempDataDir('counting-history');
    const file = join(dataDir, 'history.om');
    const name = SERIES.votes.name;
    const lines = samples.map(({ t, value }) => `${name}{service_name="gaps",rating="positive"} ${value} ${t}`);
    writeFileSync(file, `# TYPE ${name} gauge\n${lines.join('\n')}\n# EOF\n`);
    execFileSync(PROMTOOL_BIN, ['tsdb', 'create-blocks-from', 'openmetrics', '-q', file, join(dataDir, 'tsdb')]);
    prometheus = await startPrometheus({ ruleFiles: [], dataDir, extraArgs: ['--storage.tsdb.retention.time=90d'] });
    running.push(prometheus);
    expect(samples.length).toBeGreaterThan(40);
  }, 60_000);

  it('counts exactly the samples in (t − range, t], for any range and any evaluation time', async () => {
    const times = [...new Set([...samples.map((s) => s.t), END, END - 300, END - 6 * HOUR + 300])].filter(
      (t) => t > START + DAY,
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...times), fc.constantFrom(...Object.keys(RANGES)), async (t, range) => {
        const seconds = RANGES[range] ?? 0;
        const want = samples.filter((s) => s.t > t - seconds && s.t <= t).reduce((n, s) => n + s.value, 0);
        const [got] = await queryPrometheus(
          prometheus.url,
          sumCountOverRange('bilan_votes_total{service_name="gaps"}', range),
          t,
        );
        expect(got === undefined ? 0 : Number(got.value[1])).toBe(want);
      }),
      { numRuns: 60 },
    );
  });
});
