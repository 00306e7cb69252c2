import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sumCountOverRange } from '@bilan/contract';
import { appPrometheusQueries, appVariableQueries } from '../../grafana-plugin/src/services/app-queries';
import { dashboardConfig } from '../src/config';
import { panelInterval } from '../src/interval';
import { dashboardChecks, type PromqlCheck } from '../src/promql-checks';
import { durationSeconds, substituteTemplate } from '../src/template';
import { loadHistory } from './history';
import { percentile } from './stats';

/**
 * `npm run bench -w dashboards` (not a test): 30 days of Bilan data (50 features ×
 * 5 models × 5 prompt versions) loaded into real Prometheus with promtool, the
 * dashboards' recording rules backfilled from it, then every dashboard query run over
 * the 30 days. Prints P50/P95 per query and its ratio to a same-run baseline, and
 * writes bench/results.json.
 */

const DAYS = Number(process.env.BENCH_DAYS ?? 30);
const STEP = Number(process.env.BENCH_STEP_SECONDS ?? 600);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 30);
/** Stop repeating a query after this long (at least 3 timed runs), to keep the run bounded. */
const QUERY_BUDGET_MS = Number(process.env.BENCH_QUERY_BUDGET_MS ?? 5000);

/** What a timed request needs of a check. */
type Timed = Pick<PromqlCheck, 'expr' | 'instant' | 'labelValues' | 'range' | 'step'>;

/** The seed's analytics-query target, from the dashboards' own threshold. */
const TARGET_MS = dashboardConfig.analyticsQuerySeconds.warning * 1000;

/** The request Grafana sends for a check at `end`, over the whole history when it asks for a range. */
function request(check: Timed, end: number): { path: string; params: URLSearchParams } {
  const start = String(end - durationSeconds(check.range));
  if (check.labelValues) {
    // A variable: Grafana asks the label-values API with the selector and the dashboard's range.
    const { label, selector } = check.labelValues;
    return {
      path: `/api/v1/label/${label}/values`,
      params: new URLSearchParams({ 'match[]': selector, start, end: String(end) }),
    };
  }
  if (check.instant)
    return { path: '/api/v1/query', params: new URLSearchParams({ query: check.expr, time: String(end) }) };
  // Range queries at the step Grafana would choose (1 h for panels that set no max data points).
  return {
    path: '/api/v1/query_range',
    params: new URLSearchParams({
      query: check.expr,
      start,
      end: String(end),
      step: String(durationSeconds(check.step)),
    }),
  };
}

async function timeQuery(url: string, check: Timed, end: number): Promise<{ ms: number[]; series: number }> {
  const { path, params } = request(check, end);
  const ms: number[] = [];
  let series = 0;
  let spent = 0;
  for (let i = 0; i <= REPEAT && (i < 4 || spent < QUERY_BUDGET_MS); i++) {
    const t0 = performance.now();
    const res = await fetch(`${url}${path}?${params}`);
    const body = (await res.json()) as { status: string; error?: string; data?: unknown[] | { result: unknown[] } };
    const elapsed = performance.now() - t0;
    if (body.status !== 'success') throw new Error(`${check.expr}: ${body.error}`);
    series = Array.isArray(body.data) ? body.data.length : (body.data?.result.length ?? 0);
    if (i > 0) ms.push(elapsed); // the first run warms caches
    spent += elapsed;
  }
  return { ms, series };
}

/**
 * Every Prometheus query of the Bilan app's pages with "All" filters (the app's "All" is
 * `.*`), at the step Grafana would pick for its range panels, and its filter variables as
 * Grafana asks for them (label-values API over the range).
 */
function appChecks(range: string): PromqlCheck[] {
  const variables = { service: '.*', environment: '.*', feature: '.*', model: '.*', prompt_version: '.*' };
  const panels = appPrometheusQueries().map((q) => {
    const step = q.instant ? '1h' : panelInterval(range, q.maxDataPoints ?? 1000, q.minStep);
    return {
      where: `app / ${q.where}`,
      expr: substituteTemplate(q.expr, { variables, range, interval: step }),
      instant: q.instant,
      mustReturnData: true,
      range,
      step,
    };
  });
  const filters = appVariableQueries().map((v) => ({
    where: `app / ${v.where}`,
    expr: v.query,
    instant: true,
    mustReturnData: true,
    range,
    step: '1h',
    labelValues: { selector: v.series, label: v.label },
  }));
  return [...panels, ...filters];
}

/**
 * What is timed: every query of the three dashboards with "All" filters, every query of the
 * app, then the Trust overview's panels again with one feature chosen and with one model
 * chosen (those read wider roll-ups), then the trust score from the raw counters.
 */
function scenarios(): Array<{ scenario: string; checks: PromqlCheck[] }> {
  const range = `${DAYS}d`;
  const trustPanels = (chosen: Record<string, string>) =>
    dashboardChecks(range, '1h', chosen).filter((c) => c.where.startsWith('bilan-trust-overview') && !c.labelValues);
  // The same trust numbers from the raw counters, to show what the roll-ups save.
  const rawVotes = (extra: string, by: string[] = []) => sumCountOverRange(`bilan_votes_total{${extra}}`, range, by);
  const raw = (where: string, expr: string): PromqlCheck => ({
    where,
    expr,
    instant: true,
    mustReturnData: true,
    range,
    step: '1h',
  });
  return [
    { scenario: 'all', checks: dashboardChecks(range, '1h') },
    { scenario: 'app', checks: appChecks(range) },
    { scenario: 'feature=feature-07', checks: trustPanels({ feature: 'feature-07' }) },
    { scenario: 'model=model-2', checks: trustPanels({ model: 'model-2' }) },
    {
      scenario: 'raw counters',
      checks: [
        raw('Trust score from raw counters', `${rawVotes('rating="positive"')} / ${rawVotes('')}`),
        raw(
          'Trust score by feature from raw counters',
          `${rawVotes('rating="positive"', ['feature'])} / ${rawVotes('', ['feature'])}`,
        ),
      ],
    },
  ];
}

async function main(): Promise<void> {
  const workDir = mkdtempSync(join(tmpdir(), 'bilan-dash-bench-'));
  const end = Math.floor(Date.now() / 1000 / STEP) * STEP - STEP;
  const shape = {
    features: 50,
    models: 5,
    promptVersions: 5,
    origin: end - DAYS * 86400,
    step: STEP,
    turnsPerHour: 30,
    voteShare: 0.1,
  };
  const history = await loadHistory(workDir, shape, end);
  const { prometheus } = history;
  console.log(
    `${DAYS} d at ${STEP} s steps: ${history.rawBlocks} raw blocks in ${history.loadSeconds.toFixed(0)} s, rules backfilled in ${history.backfillSeconds.toFixed(0)} s`,
  );
  const timings = [];
  try {
    const baseline = await timeQuery(
      prometheus.url,
      { expr: 'vector(1)', instant: true, range: '0s', step: '1h' },
      end,
    );
    const baselineP50 = percentile(baseline.ms, 0.5);
    console.log(
      `baseline vector(1): P50 ${baselineP50.toFixed(1)} ms, P95 ${percentile(baseline.ms, 0.95).toFixed(1)} ms`,
    );
    for (const { scenario, checks } of scenarios()) {
      console.log(`-- ${scenario}`);
      for (const check of checks) {
        const { ms, series } = await timeQuery(prometheus.url, check, end);
        const t = {
          scenario,
          where: check.where,
          kind: check.labelValues ? 'labels' : check.instant ? 'instant' : 'range',
          expr: check.expr,
          series,
          runs: ms.length,
          p50: percentile(ms, 0.5),
          p95: percentile(ms, 0.95),
        };
        timings.push(t);
        console.log(
          `${t.p50.toFixed(1).padStart(8)} ${t.p95.toFixed(1).padStart(8)} ms ×${(t.p50 / baselineP50).toFixed(0).padStart(5)}  ${String(series).padStart(5)} series  ${t.kind.padEnd(7)} ${t.where}`,
        );
      }
      const within = timings.filter((t) => t.scenario === scenario && t.p95 <= TARGET_MS).length;
      console.log(`${within} of ${checks.length} at P95 ≤ ${TARGET_MS} ms`);
    }
    const out = resolve(import.meta.dirname, 'results.json');
    writeFileSync(
      out,
      `${JSON.stringify({ days: DAYS, stepSeconds: STEP, ...history, prometheus: undefined, baselineP50, timings }, null, 2)}\n`,
    );
    console.log(`wrote ${out}`);
  } finally {
    await prometheus.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

await main();
