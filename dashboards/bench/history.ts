import { execFile } from 'node:child_process';
import { createWriteStream, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PROMTOOL_BIN } from '@bilan/stack';
import { DAY_GROUP_NAME, dashboardRuleGroups, type RuleGroup } from '../src/recording-rules';
import { openMetrics, type SyntheticShape } from '../src/synthetic-data';
import { durationSeconds } from '../src/template';
import { type BenchPrometheus, startPrometheusOn, waitForCompaction } from './prometheus';

/**
 * Synthetic history in a real Prometheus: raw series written with promtool, then the
 * dashboards' recording rules backfilled from them with promtool (the same rule file
 * Prometheus would evaluate), then Prometheus restarted over both.
 */

const run = promisify(execFile);
/**
 * The blocks every series is packed in: 2 h, the head's block range, because Prometheus's head
 * cuts a chunk at every 2 h boundary (tsdb/head_append.go `appendPreprocessor`, v0.316.0) and
 * compaction keeps chunks as they are. So a raw series written every 10 minutes holds twelve
 * samples per chunk, a roll-up written once an hour two, a daily one one, as on a Prometheus
 * that ingested them. Packed in longer blocks, promtool would fill chunks to 120 samples, and
 * a query, which reads every chunk reference of a matching series in every block it spans
 * (tsdb/querier.go `blockBaseSeriesSet.Next`), would cost a fraction of what it costs there.
 * promtool re-reads its input once per block it writes (hidden flag `--max-block-duration`),
 * so the history goes one file per block.
 */
const HEAD_BLOCK = '2h';
const HEAD_BLOCK_SECONDS = durationSeconds(HEAD_BLOCK);

/** The span of one range query when the recording rules are evaluated over the history (one of TSDB's 2h·3ⁿ ranges). */
const RULE_WINDOW_SECONDS = durationSeconds('162h');

function packBlocks(file: string, dataDir: string) {
  return run(PROMTOOL_BIN, [
    'tsdb',
    'create-blocks-from',
    'openmetrics',
    '-q',
    `--max-block-duration=${HEAD_BLOCK}`,
    file,
    dataDir,
  ]);
}

/** Window starts on multiples of `block`, the first at `origin`. */
function windowStarts(origin: number, end: number, block: number): number[] {
  const starts = [origin];
  for (let t = origin - (origin % block) + block; t <= end; t += block) starts.push(t);
  return starts;
}

function windowEnd(start: number, end: number, block: number): number {
  return Math.min(start - (start % block) + block - 1, end);
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
  const starts = windowStarts(shape.origin, end, HEAD_BLOCK_SECONDS);
  const one = async (start: number) => {
    const file = join(workDir, `window-${start}.om`);
    await writeWindow(file, { ...shape, start, end: windowEnd(start, end, HEAD_BLOCK_SECONDS) });
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
 * Where each group's samples fall within its interval, in seconds. Prometheus places a group
 * at a hash of its name and file (rules/group.go, `EvalTimestamp`, v0.316.0); here the hourly
 * roll-ups fall on the hour (the timings pick their end against it) and the daily ones at
 * 05:17:23.217, an arbitrary time off the hour, so their lag behind the hourly ones is tested.
 */
function backfillPhaseSeconds(group: RuleGroup): number {
  return group.name === DAY_GROUP_NAME ? 5 * 3600 + 17 * 60 + 23.217 : 0;
}

/**
 * Evaluates each recording rule of `group` over the history, one range query per window at the
 * group's interval and phase (what Prometheus's rule manager would have recorded), and packs
 * the results with promtool, one file and one run per `HEAD_BLOCK` (promtool re-reads its
 * input for each block it writes). (promtool's own `create-blocks-from rules` wrote no blocks
 * for this data set here, silently, so the evaluation is done through the query API.)
 */
async function backfillRules(
  url: string,
  group: RuleGroup,
  start: number,
  end: number,
  workDir: string,
  dataDir: string,
): Promise<void> {
  const step = durationSeconds(group.interval);
  // In milliseconds, so the first evaluation time prints as Prometheus stamps it.
  const phaseMs = Math.round(backfillPhaseSeconds(group) * 1000);
  /** Sample lines per block start, per rule. */
  const blocks = new Map<number, Map<string, string[]>>();
  for (const window of windowStarts(start, end, RULE_WINDOW_SECONDS)) {
    const from = (window * 1000 + ((((phaseMs - window * 1000) % (step * 1000)) + step * 1000) % (step * 1000))) / 1000;
    const to = windowEnd(window, end, RULE_WINDOW_SECONDS);
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
      for (const series of body.data.result) {
        const labels = renderLabels(series.metric);
        for (const [t, v] of series.values) {
          const block = Math.floor(t / HEAD_BLOCK_SECONDS) * HEAD_BLOCK_SECONDS;
          const rules = blocks.get(block) ?? blocks.set(block, new Map()).get(block);
          const lines = rules?.get(rule.record) ?? rules?.set(rule.record, []).get(rule.record);
          lines?.push(`${rule.record}{${labels}} ${v} ${t}\n`);
        }
      }
    }
  }
  const one = async ([block, rules]: [number, Map<string, string[]>]) => {
    const file = join(workDir, `rules-${group.name}-${block}.om`);
    const families = [...rules].map(([record, lines]) => `# TYPE ${record} gauge\n${lines.join('')}`);
    writeFileSync(file, `${families.join('')}# EOF\n`);
    await packBlocks(file, dataDir);
    rmSync(file);
  };
  const all = [...blocks];
  for (let i = 0; i < all.length; i += 2) await Promise.all(all.slice(i, i + 2).map(one));
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
  // One group at a time, each over what the ones before it recorded (the daily roll-ups sum the hourly ones).
  for (const group of dashboardRuleGroups()) {
    const before = await startPrometheusOn(dataDir, options);
    try {
      await backfillRules(before.url, group, shape.origin, end, workDir, dataDir);
    } finally {
      await before.stop();
    }
  }
  const prometheus = await startPrometheusOn(dataDir, { ...options, compactAtOnce: true });
  await waitForCompaction(prometheus.url);
  return {
    prometheus,
    rawBlocks,
    loadSeconds: (t1 - t0) / 1000,
    backfillSeconds: (performance.now() - t1) / 1000,
  };
}
