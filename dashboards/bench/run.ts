import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LABEL, sumCountOverRange } from '@bilan/contract';
import { appPrometheusQueries, appVariableQueries } from '../../grafana-plugin/src/services/app-queries';
import { buildVotesByRating } from '../../grafana-plugin/src/services/promql';
import { dashboardConfig } from '../src/config';
import { panelInterval } from '../src/interval';
import { dashboardChecks, type PromqlCheck } from '../src/promql-checks';
import { exactCount, exactCountPieces, PICKED_RANGE } from '../src/queries/exact-count';
import { ROLLUPS } from '../src/recording-rules';
import { rawOnlyClock, readRollupClock } from '../src/rollup-clock';
import { durationSeconds, substituteTemplate } from '../src/template';
import { loadHistory } from './history';
import { percentile } from './stats';

/**
 * `npm run bench -w dashboards` (not a test): 30 days of Bilan data (50 features ×
 * 5 models × 5 prompt versions) loaded into real Prometheus with promtool, the
 * dashboards' recording rules backfilled from it, then every dashboard query run over
 * the 30 days. Prints P50/P95 per query, its ratio to a same-run baseline and Prometheus's own
 * execution time, and writes bench/results.json.
 */

const DAYS = Number(process.env.BENCH_DAYS ?? durationSeconds(dashboardConfig.longestRange) / 86400);
const STEP = Number(process.env.BENCH_STEP_SECONDS ?? 600);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 30);
/** Stop repeating a query after this long (at least 3 timed runs), to keep the run bounded. */
const QUERY_BUDGET_MS = Number(process.env.BENCH_QUERY_BUDGET_MS ?? 5000);

/** One row of bench/results.json. */
interface Timing {
  scenario: string;
  where: string;
  kind: string;
  expr: string;
  series: number;
  runs: number;
  p50: number;
  p95: number;
  /** Prometheus's own execution time (`stats` → `execTotalTime`): no parsing, HTTP or client. */
  execP50?: number;
  execP95?: number;
}

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
    return {
      path: '/api/v1/query',
      params: new URLSearchParams({ query: check.expr, time: String(end), stats: 'all' }),
    };
  // Range queries at the step Grafana would choose (1 h for panels that set no max data points).
  return {
    path: '/api/v1/query_range',
    params: new URLSearchParams({
      query: check.expr,
      start,
      end: String(end),
      step: String(durationSeconds(check.step)),
      stats: 'all',
    }),
  };
}

/**
 * Sends one check's request: the number of series (or label values) it answered, and for a
 * query the milliseconds Prometheus spent executing it, as its stats report them.
 */
async function ask(url: string, check: Timed, end: number): Promise<{ series: number; execMs?: number }> {
  const { path, params } = request(check, end);
  const body = (await (await fetch(`${url}${path}?${params}`)).json()) as {
    status: string;
    error?: string;
    data?: unknown[] | { result: unknown[]; stats?: { timings: { execTotalTime: number } } };
  };
  if (body.status !== 'success') throw new Error(`${check.expr}: ${body.error}`);
  if (Array.isArray(body.data)) return { series: body.data.length };
  const execSeconds = body.data?.stats?.timings.execTotalTime;
  return {
    series: body.data?.result.length ?? 0,
    ...(execSeconds === undefined ? {} : { execMs: execSeconds * 1000 }),
  };
}

async function timeQuery(
  url: string,
  check: Timed,
  end: number,
): Promise<{ ms: number[]; execMs: number[]; series: number }> {
  const ms: number[] = [];
  const execMs: number[] = [];
  let series = 0;
  let spent = 0;
  for (let i = 0; i <= REPEAT && (i < 4 || spent < QUERY_BUDGET_MS); i++) {
    const t0 = performance.now();
    const answer = await ask(url, check, end);
    const elapsed = performance.now() - t0;
    series = answer.series;
    // The first run warms caches.
    if (i > 0) {
      ms.push(elapsed);
      if (answer.execMs !== undefined) execMs.push(answer.execMs);
    }
    spent += elapsed;
  }
  return { ms, execMs, series };
}

/** Wall time of `checks` sent at once, as a panel with several queries sends them. */
async function timeTogether(url: string, checks: readonly Timed[], end: number): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i <= REPEAT; i++) {
    const t0 = performance.now();
    await Promise.all(checks.map((check) => ask(url, check, end)));
    if (i > 0) ms.push(performance.now() - t0);
  }
  return ms;
}

/**
 * Where the 30-day cost of a count lies: the app's Trust by feature (votes per feature and
 * rating, `exactCount`) cut into its pieces, each timed as a query of its own. Prometheus opens
 * every block of a query's whole range for each selector in it (`tsdb/db.go` `Querier`,
 * `tsdb/querier.go` `blockBaseSeriesSet.Next`, v0.316.0), so an edge piece reading an hour
 * costs more inside the 30-day query than alone.
 */
function pieceChecks(range: string, clock: Record<string, string>, to: number): PromqlCheck[] {
  const by = [LABEL.feature, LABEL.rating];
  if (exactCount(dashboardConfig, ROLLUPS.votes, PICKED_RANGE, by) !== buildVotesByRating([LABEL.feature]))
    throw new Error("the pieces timed are no longer the app's Trust by feature");
  const variables = appVariablesAtAll(clock);
  return exactCountPieces(dashboardConfig, ROLLUPS.votes, PICKED_RANGE, by).map(({ name, expr }) =>
    instantCheck(
      `app / overview / Trust by feature: the ${name} piece alone`,
      substituteTemplate(expr, { variables, range, interval: '1h', to }),
      range,
    ),
  );
}

/** The app's filter variables at "All" (the app's "All" is `.*`), with the roll-ups' clock. */
function appVariablesAtAll(clock: Record<string, string>): Record<string, string> {
  return { service: '.*', environment: '.*', feature: '.*', model: '.*', prompt_version: '.*', ...clock };
}

/** An instant query at the range's end, which must answer with data. */
function instantCheck(where: string, expr: string, range: string): PromqlCheck {
  return { where, expr, instant: true, mustReturnData: true, range, step: '1h' };
}

/**
 * Every Prometheus query of the Bilan app's pages with "All" filters, at the step Grafana
 * would pick for its range panels, and its filter variables as Grafana asks for them
 * (label-values API over the range).
 */
function appChecks(range: string, clock: Record<string, string>, to: number): PromqlCheck[] {
  const variables = appVariablesAtAll(clock);
  const panels = appPrometheusQueries().map((q) => {
    const step = q.instant ? '1h' : panelInterval(range, q.maxDataPoints ?? 1000, q.minStep);
    return {
      where: `app / ${q.where}`,
      expr: substituteTemplate(q.expr, { variables, range, interval: step, to }),
      instant: q.instant,
      mustReturnData: true,
      range,
      step,
    };
  });
  const asked = appVariableQueries().map((v) => ({
    ...instantCheck(`app / ${v.where}`, 'promql' in v.ask ? v.ask.promql : v.query, range),
    ...('promql' in v.ask ? {} : { labelValues: { selector: v.ask.series, label: v.ask.label } }),
  }));
  return [...panels, ...asked];
}

/**
 * What is timed: every query of the three dashboards with "All" filters, every query of the
 * app, then the Trust overview's panels again with one feature chosen and with one model
 * chosen (those read wider roll-ups), then the trust score from the raw counters, then the
 * app's Trust by feature as one query and cut into its pieces (`pieceChecks`), which are also
 * timed sent at once (`atOnce`).
 */
function scenarios(
  clock: Record<string, string>,
  to: number,
): Array<{ scenario: string; checks: PromqlCheck[]; atOnce?: PromqlCheck[] }> {
  const range = `${DAYS}d`;
  const app = appChecks(range, clock, to);
  const trustByFeature = app.find((c) => c.where === 'app / overview / Trust by feature');
  if (!trustByFeature) throw new Error('the app has no Trust by feature');
  const pieces = pieceChecks(range, clock, to);
  const trustPanels = (chosen: Record<string, string>) =>
    dashboardChecks(range, '1h', { ...chosen, ...clock }, to).filter(
      (c) => c.where.startsWith('bilan-trust-overview') && !c.labelValues,
    );
  // The same trust numbers from the raw counters, to show what the roll-ups save.
  const rawVotes = (extra: string, by: string[] = []) => sumCountOverRange(`bilan_votes_total{${extra}}`, range, by);
  const raw = (where: string, expr: string) => instantCheck(where, expr, range);
  return [
    { scenario: 'all', checks: dashboardChecks(range, '1h', clock, to) },
    { scenario: 'app', checks: app },
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
    {
      scenario: 'pieces',
      checks: [
        { ...trustByFeature, where: 'app / overview / Trust by feature: the whole count, one query' },
        ...pieces,
      ],
      atOnce: pieces,
    },
  ];
}

function latestHourBefore(t: number): number {
  return t - (t % 3600) - (t % 3600 < 60 ? 3600 : 0);
}

/** A deterministic generator (mulberry32), so every run checks the same ranges. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Answers keyed per label set. */
async function keyedAnswer(url: string, expr: string, time: number): Promise<Record<string, string>> {
  const params = new URLSearchParams({ query: expr, time: String(time) });
  const body = (await (await fetch(`${url}/api/v1/query`, { method: 'POST', body: params })).json()) as {
    status: string;
    error?: string;
    data?: { result: Array<{ metric: Record<string, string>; value: [number, string] }> };
  };
  if (body.status !== 'success' || !body.data) throw new Error(`${expr}: ${body.error}`);
  return Object.fromEntries(body.data.result.map((r) => [JSON.stringify(Object.entries(r.metric).sort()), r.value[1]]));
}

/**
 * Exactness over the history: every instant count and ratio of the dashboards and the app
 * ("All" filters) over ranges from 5 minutes to 29 days ending at random milliseconds, as
 * sent (raw edges around hourly roll-ups) and from the raw counts alone (`rawOnlyClock`),
 * which must agree label set for label set; and the Votes panel against `sum_over_time` of
 * the raw counter, written out.
 */
async function compareWithRaw(url: string, origin: number, end: number) {
  const random = seeded(20261203);
  const lengths = [300, 3 * 3600 + 17, 86400, 7 * 86400, 29 * 86400];
  const mismatches: string[] = [];
  let compared = 0;
  for (const length of lengths) {
    const to = Math.round((origin + length + random() * (end - origin - length)) * 1000);
    const range = `${length}s`;
    const clock = await readRollupClock(url, to);
    const over = (c: Record<string, string>) =>
      [...dashboardChecks(range, '1h', c, to), ...appChecks(range, c, to)].filter(
        (check) => check.instant && !check.labelValues && check.expr.includes('bilan_piece'),
      );
    const sent = over(clock);
    const raw = over(rawOnlyClock(clock, length));
    for (const [i, check] of sent.entries()) {
      const got = await keyedAnswer(url, check.expr, to / 1000);
      const want = await keyedAnswer(url, raw[i]?.expr ?? '', to / 1000);
      compared += 1;
      if (JSON.stringify(got) !== JSON.stringify(want)) {
        mismatches.push(`${check.where} over ${range} to ${to}: ${JSON.stringify(got)} ≠ raw ${JSON.stringify(want)}`);
      }
    }
    const votes = sent.find((c) => c.where === 'bilan-trust-overview / Votes');
    const written = await keyedAnswer(url, sumCountOverRange('bilan_votes_total', range, ['rating']), to / 1000);
    const read = await keyedAnswer(url, votes?.expr ?? '', to / 1000);
    compared += 1;
    if (JSON.stringify(read) !== JSON.stringify(written))
      mismatches.push(`Votes over ${range}: ${JSON.stringify(read)} ≠ ${JSON.stringify(written)}`);
    console.log(
      `exactness over ${range} to ${new Date(to).toISOString()}: ${sent.length + 1} queries, votes ${JSON.stringify(read)}`,
    );
  }
  console.log(`exactness: ${compared} comparisons, ${mismatches.length} mismatches`);
  return { compared, mismatches };
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
  const timings: Timing[] = [];
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
    // Timed where counts read the most raw samples: a minute after a roll-up sample (the backfilled
    // roll-ups fall on the hour), inside the margin, so the edges hold two hours of raw samples (one
    // hour at most anywhere else).
    const at = latestHourBefore(end) + 60;
    const clock = await readRollupClock(prometheus.url, at * 1000);
    const record = (
      scenario: string,
      check: { where: string; expr: string },
      kind: string,
      ms: number[],
      series: number,
      execMs: number[] = [],
    ) => {
      const t: Timing = {
        scenario,
        where: check.where,
        kind,
        expr: check.expr,
        series,
        runs: ms.length,
        p50: percentile(ms, 0.5),
        p95: percentile(ms, 0.95),
        ...(execMs.length > 0 ? { execP50: percentile(execMs, 0.5), execP95: percentile(execMs, 0.95) } : {}),
      };
      timings.push(t);
      const exec = t.execP50 === undefined ? '' : ` (Prometheus ${t.execP50.toFixed(1)} / ${t.execP95?.toFixed(1)})`;
      console.log(
        `${t.p50.toFixed(1).padStart(8)} ${t.p95.toFixed(1).padStart(8)} ms ×${(t.p50 / baselineP50).toFixed(0).padStart(5)}  ${String(series).padStart(5)} series  ${t.kind.padEnd(7)} ${t.where}${exec}`,
      );
    };
    for (const { scenario, checks, atOnce } of scenarios(clock, at * 1000)) {
      console.log(`-- ${scenario}`);
      for (const check of checks) {
        const { ms, execMs, series } = await timeQuery(prometheus.url, check, at);
        const kind = check.labelValues ? 'labels' : check.instant ? 'instant' : 'range';
        record(scenario, check, kind, ms, series, execMs);
      }
      if (atOnce) {
        const where = `app / overview / Trust by feature: its ${atOnce.length} pieces sent at once (wall time)`;
        const ms = await timeTogether(prometheus.url, atOnce, at);
        record(scenario, { where, expr: atOnce.map((c) => c.expr).join('\n;\n') }, 'at once', ms, 0);
      }
      const within = timings.filter((t) => t.scenario === scenario && t.p95 <= TARGET_MS).length;
      console.log(`${within} of ${timings.filter((t) => t.scenario === scenario).length} at P95 ≤ ${TARGET_MS} ms`);
    }
    const exactness = await compareWithRaw(prometheus.url, shape.origin, end);
    const out = resolve(import.meta.dirname, 'results.json');
    writeFileSync(
      out,
      `${JSON.stringify({ days: DAYS, stepSeconds: STEP, ...history, prometheus: undefined, baselineP50, timings, exactness }, null, 2)}\n`,
    );
    console.log(`wrote ${out}`);
    if (exactness.mismatches.length > 0)
      throw new Error(`counts differ from the raw counts: ${exactness.mismatches.join('; ')}`);
  } finally {
    await prometheus.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

await main();
