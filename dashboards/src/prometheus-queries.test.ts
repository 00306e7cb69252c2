import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COLLECTOR_METRIC, SERIES, sumCountOverRange } from '@bilan/contract';
import {
  collectorEnvFor,
  freePort,
  queryPrometheus,
  type RunningCollector,
  type RunningOtlpSink,
  type RunningPrometheus,
  sendReferenceWorkload,
  startCollector,
  startOtlpSink,
  startPrometheus,
  waitFor,
} from '@bilan/stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadHistory } from '../bench/history';
import type { BenchPrometheus } from '../bench/prometheus';
import { checkValues } from './check-values';
import { dashboardConfig } from './config';
import {
  ALERT_RULE_FILE,
  alertRuleChecks,
  dashboardChecks,
  type PromqlCheck,
  traceToMetricsChecks,
} from './promql-checks';
import { splitDays } from './queries/range-split';
import { fromRollup } from './queries/rollup-choice';
import { tokensByModel, trustScoreBy, turnLatency } from './queries/trust';
import { allRollups, dashboardRuleGroups, ROLLUPS } from './recording-rules';
import { rawOnlyClock, readRollupClock } from './rollup-clock';
import { renderRuleFile } from './rule-file';
import { substituteTemplate } from './template';
import { trustOverviewDashboard } from './trust-overview-dashboard';

/**
 * Every PromQL the dashboards (and the alert rules) send, run against real Prometheus:
 * first on data that went SDK → real Collector → remote write, then on synthetic days of
 * history loaded with promtool (for the panels that compare with an earlier period).
 */

const SERVICE = 'bilan-dashboards-check';
/** The roll-ups run every 2 s here instead of hourly (2 s windows). */
const ROLLUP_INTERVAL = '2s';
const contractSeries = Object.values(SERIES).map((s) => (s.type === 'histogram' ? `${s.name}_count` : s.name));

/**
 * Need history older than the dashboard range, which a pipeline started seconds ago
 * cannot have; the synthetic-history run below requires them to return data.
 */
const NEEDS_HISTORY = new Set([
  'bilan-trust-overview / Trust score, previous period',
  'bilan-trust-overview / Change against previous period',
]);

/**
 * The latency histograms stay cumulative counters (collector-config/README.md, "Counting"):
 * rate() sees nothing of a histogram series until its second flush, and one workload sent once
 * may be a single flush. Their panels are checked on the synthetic history below.
 */
const HISTOGRAMS = Object.values(SERIES).filter((s) => s.type === 'histogram');
function readsHistogram(expr: string): boolean {
  return HISTOGRAMS.some((h) => expr.includes(h.name) || expr.includes(h.name.replace(/^bilan_/, 'bilan:')));
}

/** How many series an instant query answers (a scalar, such as the roll-ups' phase, is one). */
async function seriesCount(url: string, expr: string, time: number): Promise<number> {
  const params = new URLSearchParams({ query: expr, time: String(time) });
  const body = (await (await fetch(`${url}/api/v1/query?${params}`)).json()) as {
    status: string;
    error?: string;
    data?: { resultType: string; result: unknown[] };
  };
  if (body.status !== 'success' || !body.data) throw new Error(`Prometheus query failed (${expr}): ${body.error}`);
  return body.data.resultType === 'scalar' ? 1 : body.data.result.length;
}

async function runAll(url: string, checks: readonly PromqlCheck[], time: number) {
  const results: Array<{ check: PromqlCheck; series: number; error?: string }> = [];
  for (const check of checks) {
    try {
      results.push({ check, series: await seriesCount(url, check.expr, time) });
    } catch (error) {
      results.push({ check, series: 0, error: String(error) });
    }
  }
  return results;
}

describe('through the real pipeline (SDK → Collector → remote write → Prometheus)', () => {
  let prometheus: RunningPrometheus | undefined;
  let collector: RunningCollector | undefined;
  let sink: RunningOtlpSink | undefined;
  let ruleDir: string | undefined;
  let results: Awaited<ReturnType<typeof runAll>> = [];

  beforeAll(async () => {
    const telemetryPort = await freePort();
    const prometheusPort = await freePort();
    // Prometheus scrapes itself too: the analytics-latency panel reads its query engine metrics.
    // The dashboards' roll-up rules every 2 s instead of hourly: every ratio they feed stays right.
    ruleDir = mkdtempSync(join(tmpdir(), 'bilan-dash-rules-'));
    const ruleFile = join(ruleDir, 'rules.yml');
    writeFileSync(ruleFile, renderRuleFile(dashboardRuleGroups(ROLLUP_INTERVAL)));
    prometheus = await startPrometheus({
      port: prometheusPort,
      scrapeTargets: [`127.0.0.1:${telemetryPort}`, `127.0.0.1:${prometheusPort}`],
      ruleFiles: [ALERT_RULE_FILE, ruleFile],
    });
    sink = await startOtlpSink();
    collector = await startCollector({ telemetryPort, env: collectorEnvFor(prometheus, sink.url, {}) });
    // Once: a count's first sample already carries its events (no second round is needed to see them).
    await sendReferenceWorkload(collector.otlpHttpUrl, SERVICE);
    const url = prometheus.url;
    await waitFor(
      async () => {
        for (const name of contractSeries) {
          const samples = await queryPrometheus(url, `count_over_time(${name}{service_name="${SERVICE}"}[10m])`);
          if (samples.length === 0) throw new Error(`no ${name} yet`);
        }
        for (const { series } of allRollups().filter((r) => !readsHistogram(r.series.name))) {
          const samples = await queryPrometheus(url, `count_over_time(${series.name}[10m])`);
          if (samples.length === 0) throw new Error(`no ${series.name} yet`);
        }
        const scraped = await queryPrometheus(url, 'min(count_over_time(otelcol_process_uptime[10m])) >= 3');
        // The receiver's latency is a scraped histogram: a rate needs two scrapes that hold the ingest.
        const ingest = await queryPrometheus(
          url,
          `min(count_over_time(${COLLECTOR_METRIC.httpServerRequestDuration}_count{http_route=~"/v1/.+"}[10m])) >= 2`,
        );
        return scraped.length > 0 && ingest.length > 0 ? true : undefined;
      },
      {
        timeoutMs: 90_000,
        what: 'every contract series, every count roll-up, three Collector scrapes, two of them after the ingest',
      },
    );
    const to = Date.now();
    const clock = await readRollupClock(url, to, ROLLUP_INTERVAL);
    const checks = [
      ...dashboardChecks('10m', '10m', clock, to),
      ...traceToMetricsChecks(SERVICE),
      ...alertRuleChecks(),
    ];
    results = await runAll(url, checks, to / 1000);
  }, 180_000);

  afterAll(async () => {
    await collector?.stop();
    await sink?.stop();
    await prometheus?.stop();
    if (ruleDir) rmSync(ruleDir, { recursive: true, force: true });
  });

  it('ran every dashboard, data-source and alert query', () => {
    expect(results.length).toBeGreaterThan(60);
  });

  it('every query runs without error', () => {
    expect(results.filter((r) => r.error).map((r) => `${r.check.where}: ${r.error}`)).toEqual([]);
  });

  it('every dashboard and trace-to-metrics query returns data (except those that need older history)', () => {
    const empty = results.filter(
      (r) =>
        r.check.mustReturnData && r.series === 0 && !NEEDS_HISTORY.has(r.check.where) && !readsHistogram(r.check.expr),
    );
    expect(empty.map((r) => `${r.check.where}: ${r.check.expr}`)).toEqual([]);
  });

  it('the recording rules of the alerts produce series', () => {
    const recorded = results.filter((r) => r.check.where.startsWith('alerts / bilan:'));
    expect(recorded.length).toBeGreaterThan(0);
    expect(recorded.filter((r) => r.series === 0).map((r) => r.check.where)).toEqual([]);
  });
});

describe('over synthetic days of history (promtool-loaded, roll-ups backfilled)', () => {
  let dir: string | undefined;
  let prometheus: BenchPrometheus | undefined;
  const step = 600;
  const end = Math.floor(Date.now() / 1000 / step) * step - step;
  let results: Awaited<ReturnType<typeof runAll>> = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bilan-dash-history-'));
    const shape = {
      features: 3,
      models: 2,
      promptVersions: 2,
      // Three days, so a count over 50 h holds a whole day of the daily roll-ups.
      origin: end - 3 * 86400,
      step,
      turnsPerHour: 600,
      voteShare: 0.2,
    };
    prometheus = (await loadHistory(dir, shape, end)).prometheus;
    results = await runAll(prometheus.url, await checksAt(end * 1000), end);
  }, 120_000);

  afterAll(async () => {
    await prometheus?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('every dashboard query runs and returns data, the period comparisons included', () => {
    expect(results.length).toBeGreaterThan(40);
    expect(
      results.filter((r) => r.error || r.series === 0).map((r) => `${r.check.where}: ${r.error ?? 'no data'}`),
    ).toEqual([]);
    for (const where of NEEDS_HISTORY) expect(results.find((r) => r.check.where === where)?.series).toBeGreaterThan(0);
  });

  /** Every dashboard check over 6 h ending at `toMs`, with the roll-ups' clock read there. */
  async function checksAt(toMs: number): Promise<PromqlCheck[]> {
    return dashboardChecks('6h', '1h', await readRollupClock(prometheus?.url ?? '', toMs), toMs);
  }

  // Ends that fall anywhere: on a raw sample, on a roll-up sample (on the hour here), between.
  const ENDS = [end - 1234.567, end - 3600, end - 600, end - 2 * 3600 - 0.001, end - 17 * 60 - 0.25];

  it('the trust score and the vote counts equal the raw counts over any 6 h, exactly', async () => {
    const url = prometheus?.url ?? '';
    for (const at of ENDS) {
      const checks = await checksAt(at * 1000);
      const expr = (where: string) => checks.find((c) => c.where === where)?.expr ?? '';
      const positive = sumCountOverRange('bilan_votes_total{rating="positive"}', '6h');
      const raw = await queryPrometheus(url, `${positive} / ${sumCountOverRange('bilan_votes_total', '6h')}`, at);
      const trust = await queryPrometheus(url, expr('bilan-trust-overview / Trust score'), at);
      expect(trust[0]?.value[1], `trust score at ${at}`).toBe(raw[0]?.value[1]);
      const rawVotes = await queryPrometheus(url, sumCountOverRange('bilan_votes_total', '6h', ['rating']), at);
      const votes = await queryPrometheus(url, expr('bilan-trust-overview / Votes'), at);
      expect(votes).toHaveLength(2);
      for (const sample of votes) {
        expect(sample.value[1], `votes at ${at}`).toBe(
          rawVotes.find((r) => r.metric.rating === sample.metric.rating)?.value[1],
        );
      }
    }
  });

  it('the counts per feature read whole days, and equal the raw counts over any 50 h, exactly', async () => {
    const url = prometheus?.url ?? '';
    const perFeature = [
      'bilan-trust-overview / Trust score by feature',
      'bilan-trust-overview / Regenerated share by feature',
    ];
    for (const at of ENDS) {
      const clock = await readRollupClock(url, at * 1000);
      // In milliseconds, as Prometheus stamps samples (the lag reads as float seconds: 1043.2170000076294).
      const seconds = (name: string) => Math.round(Number(clock[name]) * 1000);
      const days = splitDays(
        at * 1000,
        50 * 3_600_000,
        { window: seconds('rollup_window'), phase: seconds('rollup_phase'), margin: seconds('rollup_margin') },
        {
          window: seconds('rollup_day_window'),
          phase: seconds('rollup_day_phase'),
          margin: seconds('rollup_day_margin'),
          lag: seconds('rollup_day_lag'),
        },
      );
      expect(days.days, `days read over 50 h to ${at}`).toBeGreaterThanOrEqual(86_400_000);
      const over = (c: Record<string, string>) =>
        dashboardChecks('50h', '1h', c, at * 1000).filter((check) => perFeature.includes(check.where));
      const raw = over(rawOnlyClock(clock, 50 * 3600));
      for (const [i, check] of over(clock).entries()) {
        const sent = await queryPrometheus(url, check.expr, at);
        const fromRaw = await queryPrometheus(url, raw[i]?.expr ?? '', at);
        expect(sent.length, check.where).toBeGreaterThan(0);
        expect(sent.map((x) => [x.metric.feature, x.value[1]]).sort(), `${check.where} to ${at}`).toEqual(
          fromRaw.map((x) => [x.metric.feature, x.value[1]]).sort(),
        );
      }
    }
  });

  it("the roll-up switch: each choice of filters reads the roll-up keeping exactly those, with the raw counters' answer", async () => {
    const url = prometheus?.url ?? '';
    const at = ENDS[0] as number;
    const clock = await readRollupClock(url, at * 1000);
    const allFilters = checkValues(trustOverviewDashboard(dashboardConfig) as never, '6h', '6h', clock, at * 1000);
    const cases = [
      { variables: allFilters.variables, raw: '', answeredBy: 'bilan:votes_without_feature_prompt_version:count1h' },
      {
        variables: { ...allFilters.variables, feature: '(feature-00|feature-01)' },
        raw: 'feature=~"feature-00|feature-01"',
        answeredBy: 'bilan:votes_without_prompt_version:count1h',
      },
      {
        variables: { ...allFilters.variables, prompt_version: 'v2' },
        raw: 'prompt_version="v2"',
        answeredBy: 'bilan:votes_without_feature:count1h',
      },
      {
        variables: { ...allFilters.variables, feature: 'feature-01', prompt_version: 'v1' },
        raw: 'feature="feature-01",prompt_version="v1"',
        answeredBy: 'bilan:votes:count1h',
      },
    ];
    for (const { variables, raw, answeredBy } of cases) {
      const values = { ...allFilters, variables };
      // Each term names its roll-up (newest hourly sample): exactly one term may answer.
      const tagged = fromRollup(
        dashboardConfig,
        ROLLUPS.votes,
        (s) => `label_replace(count(last_over_time(${s}[1h])), "rollup", "${s.slice(0, s.indexOf('{'))}", "", "")`,
        ['model'],
      );
      const sides = await queryPrometheus(url, substituteTemplate(tagged, values), end);
      expect(
        sides.map((x) => x.metric.rollup),
        JSON.stringify(variables),
      ).toEqual([answeredBy]);
      // The raw counts over the same 6 h.
      const positive = raw ? `rating="positive",${raw}` : 'rating="positive"';
      const expected = await queryPrometheus(
        url,
        `${sumCountOverRange(`bilan_votes_total{${positive}}`, '6h', ['model'])} / ${sumCountOverRange(`bilan_votes_total{${raw}}`, '6h', ['model'])}`,
        at,
      );
      const rolled = await queryPrometheus(
        url,
        substituteTemplate(trustScoreBy(dashboardConfig, 'model').expr, values),
        at,
      );
      expect(rolled).toHaveLength(2);
      for (const sample of rolled) {
        const want = expected.find((e) => e.metric.model === sample.metric.model)?.value[1];
        expect(sample.value[1]).toBe(want);
      }
    }
  });

  it('the token counts (exactly) and turn latency from the roll-ups match the raw series', async () => {
    const url = prometheus?.url ?? '';
    const at = ENDS[0] as number;
    const clock = await readRollupClock(url, at * 1000);
    const values = checkValues(trustOverviewDashboard(dashboardConfig) as never, '6h', '6h', clock, at * 1000);
    const rawTokens = await queryPrometheus(url, sumCountOverRange('bilan_turn_tokens_total', '6h', ['model']), at);
    const tokens = await queryPrometheus(url, substituteTemplate(tokensByModel(dashboardConfig).expr, values), at);
    expect(tokens).toHaveLength(rawTokens.length);
    for (const sample of tokens) {
      const expected = rawTokens.find((r) => r.metric.model === sample.metric.model)?.value[1];
      expect(sample.value[1]).toBe(expected);
    }
    // Latency roll-ups hold hourly rates of the buckets (not counts): read half an hour after the last one,
    // 6 h hold six of them, against the raw histogram up to that hour.
    const lastHour = end - (end % 3600);
    const [, p95] = turnLatency(dashboardConfig);
    const rawP95 = await queryPrometheus(
      url,
      'histogram_quantile(0.95, sum by (le) (increase(bilan_turn_duration_seconds_bucket[6h])))',
      lastHour,
    );
    const rolledP95 = await queryPrometheus(url, substituteTemplate(p95?.expr ?? '', values), lastHour + 1800);
    expect(Number(rolledP95[0]?.value[1])).toBeGreaterThan(0);
    expect(Math.abs(Number(rolledP95[0]?.value[1]) / Number(rawP95[0]?.value[1]) - 1)).toBeLessThan(0.05);
  });
});
