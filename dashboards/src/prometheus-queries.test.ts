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
import { fromRollup } from './queries/rollup-choice';
import { tokensByModel, trustScoreBy, turnLatency } from './queries/trust';
import { allRollups, dashboardRuleGroups, ROLLUPS } from './recording-rules';
import { renderRuleFile } from './rule-file';
import { substituteTemplate } from './template';
import { trustOverviewDashboard } from './trust-overview-dashboard';

/**
 * Every PromQL the dashboards (and the alert rules) send, run against real Prometheus:
 * first on data that went SDK → real Collector → remote write, then on a synthetic day of
 * history loaded with promtool (for the panels that compare with an earlier period).
 */

const SERVICE = 'bilan-dashboards-check';
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

async function runAll(url: string, checks: readonly PromqlCheck[], time?: number) {
  const results: Array<{ check: PromqlCheck; series: number; error?: string }> = [];
  for (const check of checks) {
    try {
      results.push({ check, series: (await queryPrometheus(url, check.expr, time)).length });
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
    writeFileSync(ruleFile, renderRuleFile(dashboardRuleGroups('2s')));
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
    const checks = [...dashboardChecks('10m', '10m'), ...traceToMetricsChecks(SERVICE), ...alertRuleChecks()];
    results = await runAll(url, checks);
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

describe('over a synthetic day of history (promtool-loaded, roll-up backfilled)', () => {
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
      origin: end - 86400,
      step,
      turnsPerHour: 600,
      voteShare: 0.2,
    };
    prometheus = (await loadHistory(dir, shape, end)).prometheus;
    results = await runAll(prometheus.url, dashboardChecks('6h', '1h'), end);
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

  // The roll-up's samples fall on the hour here (backfilled at hourly steps), each counting the hour before
  // it. Read half an hour after the last one, a 6 h range holds exactly six of them: the raw counts of the
  // six whole hours up to that last one.
  const lastHour = end - (end % 3600);

  it('the trust score from the roll-up equals the raw counts of the same whole hours, exactly', async () => {
    const url = prometheus?.url ?? '';
    const positive = sumCountOverRange('bilan_votes_total{rating="positive"}', '6h');
    const raw = await queryPrometheus(url, `${positive} / ${sumCountOverRange('bilan_votes_total', '6h')}`, lastHour);
    const trust = results.find((r) => r.check.where === 'bilan-trust-overview / Trust score');
    const rolled = await queryPrometheus(url, trust?.check.expr ?? '', lastHour + 1800);
    expect(Number(rolled[0]?.value[1])).toBe(Number(raw[0]?.value[1]));
  });

  it('the vote counts from the roll-up equal the raw counts of the same whole hours, exactly', async () => {
    const url = prometheus?.url ?? '';
    const raw = await queryPrometheus(url, sumCountOverRange('bilan_votes_total', '6h', ['rating']), lastHour);
    const votes = results.find((r) => r.check.where === 'bilan-trust-overview / Votes');
    const rolled = await queryPrometheus(url, votes?.check.expr ?? '', lastHour + 1800);
    expect(rolled).toHaveLength(2);
    for (const sample of rolled) {
      const expected = raw.find((r) => r.metric.rating === sample.metric.rating)?.value[1];
      expect(sample.value[1]).toBe(expected);
    }
  });

  it("the roll-up switch: each choice of filters reads the roll-up keeping exactly those, with the raw counters' answer", async () => {
    const url = prometheus?.url ?? '';
    const allFilters = checkValues(trustOverviewDashboard(dashboardConfig) as never, '6h', '6h');
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
      // The raw counts up to the roll-up's last full hour, against the six hourly samples before it.
      const positive = raw ? `rating="positive",${raw}` : 'rating="positive"';
      const expected = await queryPrometheus(
        url,
        `${sumCountOverRange(`bilan_votes_total{${positive}}`, '6h', ['model'])} / ${sumCountOverRange(`bilan_votes_total{${raw}}`, '6h', ['model'])}`,
        lastHour,
      );
      const rolled = await queryPrometheus(
        url,
        substituteTemplate(trustScoreBy(dashboardConfig, 'model').expr, values),
        lastHour + 1800,
      );
      expect(rolled).toHaveLength(2);
      for (const sample of rolled) {
        const want = expected.find((e) => e.metric.model === sample.metric.model)?.value[1];
        expect(sample.value[1]).toBe(want);
      }
    }
  });

  it('the token counts (exactly) and turn latency from the roll-ups match the raw series up to the last hour', async () => {
    const url = prometheus?.url ?? '';
    const values = checkValues(trustOverviewDashboard(dashboardConfig) as never, '6h', '6h');
    const rawTokens = await queryPrometheus(
      url,
      sumCountOverRange('bilan_turn_tokens_total', '6h', ['model']),
      lastHour,
    );
    const tokens = await queryPrometheus(
      url,
      substituteTemplate(tokensByModel(dashboardConfig).expr, values),
      lastHour + 1800,
    );
    expect(tokens).toHaveLength(rawTokens.length);
    for (const sample of tokens) {
      const expected = rawTokens.find((r) => r.metric.model === sample.metric.model)?.value[1];
      expect(sample.value[1]).toBe(expected);
    }
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
