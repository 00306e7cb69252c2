import { execFile } from 'node:child_process';
import { createWriteStream, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PROMTOOL_BIN } from '@bilan/stack';
import { dashboardRuleGroups, type RuleGroup } from '../src/recording-rules';
import { openMetrics, type SyntheticShape } from '../src/synthetic-data';
import { durationSeconds } from '../src/template';
import { type BenchPrometheus, startPrometheusOn } from './prometheus';

/**
 * Synthetic history in a real Prometheus: raw series written with promtool, then the
 * dashboards' recording rules backfilled from them with promtool (the same rule file
 * Prometheus would evaluate), then Prometheus restarted over both.
 */

const run = promisify(execFile);
/**
 * One of TSDB's block ranges (2h·3ⁿ): promtool writes blocks of up to this length
 * (hidden flag `--max-block-duration`), aligned to its multiples, and re-reads its input
 * once per block, so the history goes one file per block.
 */
const BLOCK = '162h';
const BLOCK_SECONDS = durationSeconds(BLOCK);

function packBlocks(file: string, dataDir: string) {
  return run(PROMTOOL_BIN, [
    'tsdb',
    'create-blocks-from',
    'openmetrics',
    '-q',
    `--max-block-duration=${BLOCK}`,
    file,
    dataDir,
  ]);
}

/** Window starts on block boundaries, the first at `origin`. */
function windowStarts(origin: number, end: number): number[] {
  const starts = [origin];
  for (let t = origin - (origin % BLOCK_SECONDS) + BLOCK_SECONDS; t <= end; t += BLOCK_SECONDS) starts.push(t);
  return starts;
}

function windowEnd(start: number, end: number): number {
  return Math.min(start - (start % BLOCK_SECONDS) + BLOCK_SECONDS - 1, end);
}

async function writeWindow(file: string, shape: SyntheticShape): Promise<void> {
  const out = createWriteStream(file);
  for (const chunk of openMetrics(shape)) {
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
}

/** Raw contract series, one OpenMetrics file and one promtool run per block. */
async function writeRawHistory(
  workDir: string,
  dataDir: string,
  shape: Omit<SyntheticShape, 'start' | 'end'>,
  end: number,
): Promise<number> {
  const starts = windowStarts(shape.origin, end);
  const one = async (start: number) => {
    const file = join(workDir, `window-${start}.om`);
    await writeWindow(file, { ...shape, start, end: windowEnd(start, end) });
    await packBlocks(file, dataDir);
    rmSync(file);
  };
  // Two at a time: one window is generated while promtool packs the other.
  for (let i = 0; i < starts.length; i += 2) await Promise.all(starts.slice(i, i + 2).map(one));
  return starts.length;
}

interface Matrix {
  status: string;
  error?: string;
  data?: { result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }> };
}

function renderLabels(metric: Record<string, string>): string {
  return Object.entries(metric)
    .filter(([k]) => k !== '__name__')
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(',');
}

/**
 * Evaluates each recording rule over the history, one range query per block at the group's
 * interval (what Prometheus's rule manager would have recorded), and packs the results
 * into blocks with promtool. (promtool's own `create-blocks-from rules` wrote no blocks
 * for this data set here, silently, so the evaluation is done through the query API.)
 */
async function backfillRules(
  url: string,
  groups: readonly RuleGroup[],
  start: number,
  end: number,
  workDir: string,
  dataDir: string,
): Promise<void> {
  for (const group of groups) {
    const step = durationSeconds(group.interval);
    for (const window of windowStarts(start, end)) {
      const lines: string[] = [];
      const from = window + ((step - (window % step)) % step);
      const to = windowEnd(window, end);
      if (from > to) continue;
      for (const rule of group.rules) {
        const params = new URLSearchParams({
          query: rule.expr,
          start: String(from),
          end: String(to),
          step: String(step),
        });
        const body = (await (
          await fetch(`${url}/api/v1/query_range`, { method: 'POST', body: params })
        ).json()) as Matrix;
        if (body.status !== 'success' || !body.data) throw new Error(`${rule.record}: ${body.error}`);
        lines.push(`# TYPE ${rule.record} gauge\n`);
        for (const series of body.data.result) {
          const labels = renderLabels(series.metric);
          for (const [t, v] of series.values) lines.push(`${rule.record}{${labels}} ${v} ${t}\n`);
        }
      }
      lines.push('# EOF\n');
      const file = join(workDir, `rules-${window}.om`);
      writeFileSync(file, lines.join(''));
      await packBlocks(file, dataDir);
      rmSync(file);
    }
  }
}

interface LoadedHistory {
  readonly prometheus: BenchPrometheus;
  readonly rawBlocks: number;
  readonly loadSeconds: number;
  readonly backfillSeconds: number;
}

/** Raw history plus backfilled recording rules, served by Prometheus on `dataDir`. */
export async function loadHistory(
  workDir: string,
  shape: Omit<SyntheticShape, 'start' | 'end'>,
  end: number,
): Promise<LoadedHistory> {
  const dataDir = join(workDir, 'data');
  mkdirSync(dataDir, { recursive: true });
  const options = { lookbackDelta: `${2 * shape.step}s` };
  const t0 = performance.now();
  const rawBlocks = await writeRawHistory(workDir, dataDir, shape, end);
  const t1 = performance.now();
  const raw = await startPrometheusOn(dataDir, options);
  try {
    await backfillRules(raw.url, dashboardRuleGroups(), shape.origin, end, workDir, dataDir);
  } finally {
    await raw.stop();
  }
  const prometheus = await startPrometheusOn(dataDir, options);
  return {
    prometheus,
    rawBlocks,
    loadSeconds: (t1 - t0) / 1000,
    backfillSeconds: (performance.now() - t1) / 1000,
  };
}
