import { execFile } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { checkValues, variableQueryToPromql } from '../src/check-values';
import { allDashboards } from '../src/dashboards';
import { extractQueries } from '../src/extract';
import { openMetrics, type SyntheticShape } from '../src/synthetic-data';
import { substituteTemplate } from '../src/template';
import { startPrometheusOn } from './prometheus';
import { percentile } from './stats';

/**
 * `npm run bench -w dashboards`: 30 days of Bilan data (50 features × 5 models × 5
 * prompt versions) written as OpenMetrics per 2-hour block, loaded with promtool,
 * then every dashboard query run over 30 days against real Prometheus.
 * Not a test: timings go to stdout and bench/results.json.
 */

const run = promisify(execFile);
const DAYS = Number(process.env.BENCH_DAYS ?? 30);
const STEP = Number(process.env.BENCH_STEP_SECONDS ?? 600);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 20);
const BLOCK = 7200;

async function writeWindow(file: string, shape: SyntheticShape): Promise<void> {
  const out = createWriteStream(file);
  for (const chunk of openMetrics(shape))
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  await new Promise<void>((r) => out.end(() => r()));
}

/** Loads the history block by block: promtool re-reads its whole input once per 2 h block, so one file per block. */
async function loadHistory(dir: string, shape: Omit<SyntheticShape, 'start' | 'end'>, end: number): Promise<number> {
  const dataDir = join(dir, 'data');
  mkdirSync(dataDir);
  let windows = 0;
  const starts: number[] = [];
  for (let start = shape.origin; start <= end; start += BLOCK) starts.push(start);
  // Two at a time: one generates while promtool packs the other.
  const work = async (start: number) => {
    const file = join(dir, `w-${start}.om`);
    await writeWindow(file, { ...shape, start, end: Math.min(start + BLOCK - 1, end) });
    await run('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', '-q', file, dataDir]);
    rmSync(file);
    windows++;
  };
  for (let i = 0; i < starts.length; i += 2) await Promise.all(starts.slice(i, i + 2).map(work));
  return windows;
}

interface Timing {
  dashboard: string;
  panel: string;
  kind: 'instant' | 'range';
  expr: string;
  series: number;
  p50: number;
  p95: number;
}

async function timeQuery(
  url: string,
  expr: string,
  instant: boolean,
  end: number,
): Promise<{ ms: number[]; series: number }> {
  const params = instant
    ? new URLSearchParams({ query: expr, time: String(end) })
    : new URLSearchParams({ query: expr, start: String(end - DAYS * 86400), end: String(end), step: '3600' });
  const path = instant ? '/api/v1/query' : '/api/v1/query_range';
  const ms: number[] = [];
  let series = 0;
  for (let i = 0; i <= REPEAT; i++) {
    const t0 = performance.now();
    const res = await fetch(`${url}${path}`, { method: 'POST', body: params });
    const body = (await res.json()) as { status: string; error?: string; data?: { result: unknown[] } };
    const elapsed = performance.now() - t0;
    if (body.status !== 'success') throw new Error(`${expr}: ${body.error}`);
    series = body.data?.result.length ?? 0;
    if (i > 0) ms.push(elapsed); // the first run warms caches
  }
  return { ms, series };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bilan-dash-bench-'));
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
  const t0 = performance.now();
  const windows = await loadHistory(dir, shape, end);
  const loadSeconds = (performance.now() - t0) / 1000;
  console.log(`loaded ${DAYS} d at ${STEP} s steps in ${windows} blocks, ${loadSeconds.toFixed(0)} s`);
  const prometheus = await startPrometheusOn(join(dir, 'data'), { lookbackDelta: `${2 * STEP}s` });
  const timings: Timing[] = [];
  try {
    const head = await fetch(`${prometheus.url}/api/v1/query?query=count({__name__=~".+"})&time=${end}`).then((r) =>
      r.json(),
    );
    console.log(
      `series at end: ${JSON.stringify((head as { data: { result: Array<{ value: unknown[] }> } }).data.result[0]?.value[1])}`,
    );
    for (const d of Object.values(allDashboards())) {
      for (const q of extractQueries(d as never)) {
        if (q.language !== 'promql') continue;
        const expr = variableQueryToPromql({
          ...q,
          text: substituteTemplate(q.text, checkValues(d as never, `${DAYS}d`, '1h')),
        });
        const { ms, series } = await timeQuery(prometheus.url, expr, q.instant, end);
        const t: Timing = {
          dashboard: q.dashboard,
          panel: q.where,
          kind: q.instant ? 'instant' : 'range',
          expr,
          series,
          p50: percentile(ms, 0.5),
          p95: percentile(ms, 0.95),
        };
        timings.push(t);
        console.log(
          `${t.p50.toFixed(1).padStart(8)} ${t.p95.toFixed(1).padStart(8)} ms  ${t.series} series  ${t.dashboard} / ${t.panel}`,
        );
      }
    }
  } finally {
    await prometheus.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const out = resolve(import.meta.dirname, 'results.json');
  writeFileSync(
    out,
    `${JSON.stringify({ days: DAYS, stepSeconds: STEP, repeat: REPEAT, loadSeconds, timings }, null, 2)}\n`,
  );
  console.log(`wrote ${out}`);
}

await main();
