import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { dashboardChecks } from '../src/promql-checks';
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
const REPEAT = Number(process.env.BENCH_REPEAT ?? 20);
/** Stop repeating a query after this long (at least 3 timed runs), to keep the run bounded. */
const QUERY_BUDGET_MS = Number(process.env.BENCH_QUERY_BUDGET_MS ?? 5000);

/** Instant queries at `end`; range queries over the whole history at one-hour steps, as a 30-day panel asks. */
async function timeQuery(
  url: string,
  expr: string,
  end: number,
  instant = true,
): Promise<{ ms: number[]; series: number }> {
  const params = instant
    ? new URLSearchParams({ query: expr, time: String(end) })
    : new URLSearchParams({ query: expr, start: String(end - DAYS * 86400), end: String(end), step: '3600' });
  const path = instant ? '/api/v1/query' : '/api/v1/query_range';
  const ms: number[] = [];
  let series = 0;
  let spent = 0;
  for (let i = 0; i <= REPEAT && (i < 4 || spent < QUERY_BUDGET_MS); i++) {
    const t0 = performance.now();
    const res = await fetch(`${url}${path}`, { method: 'POST', body: params });
    const body = (await res.json()) as { status: string; error?: string; data?: { result: unknown[] } };
    const elapsed = performance.now() - t0;
    if (body.status !== 'success') throw new Error(`${expr}: ${body.error}`);
    series = body.data?.result.length ?? 0;
    if (i > 0) ms.push(elapsed); // the first run warms caches
    spent += elapsed;
  }
  return { ms, series };
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
    const baseline = await timeQuery(prometheus.url, 'vector(1)', end);
    const baselineP50 = percentile(baseline.ms, 0.5);
    console.log(
      `baseline vector(1): P50 ${baselineP50.toFixed(1)} ms, P95 ${percentile(baseline.ms, 0.95).toFixed(1)} ms`,
    );
    for (const check of dashboardChecks(`${DAYS}d`, '1h')) {
      const { ms, series } = await timeQuery(prometheus.url, check.expr, end, check.instant);
      const t = {
        where: check.where,
        kind: check.instant ? 'instant' : 'range',
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
    // The same trust numbers from the raw counter, to show what the roll-up saves.
    const rawVotes = (extra: string, by = '') => `sum${by} (increase(bilan_votes_total{${extra}}[${DAYS}d]))`;
    const rawEquivalents = [
      ['Trust score from raw counters', `${rawVotes('rating="positive"')} / ${rawVotes('')}`],
      [
        'Trust score by feature from raw counters',
        `${rawVotes('rating="positive"', ' by (feature)')} / ${rawVotes('', ' by (feature)')}`,
      ],
    ] as const;
    for (const [where, expr] of rawEquivalents) {
      const { ms, series } = await timeQuery(prometheus.url, expr, end);
      const t = {
        where,
        kind: 'instant',
        expr,
        series,
        runs: ms.length,
        p50: percentile(ms, 0.5),
        p95: percentile(ms, 0.95),
      };
      timings.push(t);
      console.log(
        `${t.p50.toFixed(1).padStart(8)} ${t.p95.toFixed(1).padStart(8)} ms ×${(t.p50 / baselineP50).toFixed(0).padStart(5)}  ${String(series).padStart(5)} series  raw     ${where}`,
      );
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
