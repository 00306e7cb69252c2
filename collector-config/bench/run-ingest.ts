/**
 * `npm run bench:ingest -w collector-config`: the ingest benchmark. Steps k6 up through a list of
 * request rates, first against a receiver-only Collector (the baseline), then against the full
 * Bilan pipeline, and prints a Markdown table, the ratios to the baseline, the highest rate that
 * met the seed's target (P99 ≤ 20 ms, no error) and what limited each run.
 *
 *   --rates=500,1000,2000,3000   requests per second to try, in order
 *   --duration=15s               k6 duration per step
 *   --targets=baseline,pipeline  which Collectors to step up (a comparison needs both)
 *   --overlay=file.yaml          merged on the pipeline config, to measure a variant (repeatable)
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { startBaseline, startBenchPipeline } from './bench-pipeline';
import { type BenchTarget, type MeasuredRun, measureRun } from './measure';
import { capacityEstimate, compareToBaseline, renderRunsTable } from './report';

const { values } = parseArgs({
  options: {
    rates: { type: 'string', default: '500,1000,2000,3000' },
    duration: { type: 'string', default: '15s' },
    targets: { type: 'string', default: 'baseline,pipeline' },
    overlay: { type: 'string', multiple: true, default: [] },
  },
});
const rates = (values.rates ?? '')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const duration = values.duration ?? '15s';
const durationSeconds = Number.parseFloat(duration);
const cores = availableParallelism();

async function stepUp(target: BenchTarget, backendPids: number[]): Promise<MeasuredRun[]> {
  const runs: MeasuredRun[] = [];
  for (const rate of rates) {
    const run = await measureRun(target, { rate, duration }, backendPids, cores);
    console.error(`${target.name} @ ${rate}/s: p99 ${run.figures.p99Ms.toFixed(2)} ms — ${run.verdict}`);
    runs.push(run);
    await new Promise((r) => setTimeout(r, 2000)); // let queues drain between steps
  }
  return runs;
}

// Ctrl-C stops what this run started (only those pids) before leaving.
let running: { stop(): Promise<void> } | undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void (running?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
  });
}

const targets = (values.targets ?? '').split(',');
let baselineRuns: MeasuredRun[] = [];
let pipelineRuns: MeasuredRun[] = [];
if (targets.includes('baseline')) {
  const baseline = await startBaseline();
  running = baseline;
  baselineRuns = await stepUp(baseline.target, []).finally(() => baseline.stop());
}
if (targets.includes('pipeline')) {
  const pipeline = await startBenchPipeline(values.overlay ?? []);
  running = pipeline;
  pipelineRuns = await stepUp(pipeline.target, pipeline.backendPids).finally(() => pipeline.stop());
}
running = undefined;

console.log(`\n## Ingest benchmark (${cores} cores, ${duration} per step, k6 on the same machine)\n`);
console.log(renderRunsTable([...baselineRuns, ...pipelineRuns]));
console.log('');
for (const line of compareToBaseline(pipelineRuns, baselineRuns, durationSeconds)) console.log(`- ${line}`);
console.log('');
for (const run of [...baselineRuns, ...pipelineRuns]) {
  const capacity = capacityEstimate(run, cores);
  console.log(
    `- ${run.target} @ ${run.figures.targetRate}/s: ${run.verdict}; CPU-based capacity on ${cores} idle cores: ` +
      `${capacity.withK6}/s with k6 alongside, ${capacity.collectorOnly}/s for the Collector alone`,
  );
}
