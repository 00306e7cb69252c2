/**
 * `npm run bench:ingest -w collector-config`: the ingest benchmark. Steps k6 up through a list of
 * request rates, first against a receiver-only Collector (the baseline), then against the full
 * Bilan pipeline, and prints a Markdown table, the ratios to the baseline, the highest rate that
 * met the seed's target (P99 ≤ 20 ms, no error) and what limited each run.
 *
 *   --rates=500,1000,2000,3000   requests per second to try, in order
 *   --duration=15s               k6 duration per step
 *   --targets=baseline,pipeline  which Collectors to step up (a comparison needs both)
 *   --generator=k6|go            who sends the step-up: k6 (default), or bilan-loadgen (loadgen/main.go),
 *                                which spends less CPU per request than k6 (for rates beyond k6's reach)
 *   --overlay=file.yaml          merged on the pipeline config, to measure a variant (repeatable)
 *   --pprof=dir                  merge pprof-overlay.yaml on the pipeline, save its CPU profile of each
 *                                step (or of the whole load profile) in dir, for `go tool pprof`, and
 *                                print the share of its CPU per component (cpu-breakdown.ts)
 *   --profile=seed|seed-short    instead of the step-up: the seed's load profile (19 min) or the same
 *                                shape in 114 s, through each target, measured per phase
 *
 * Writes what it measured to results-step-up.json (results-step-up-loadgen.json with --generator=go)
 * or results-<profile>.json beside this file.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort } from '@bilan/stack';
import { startBaseline, startBenchPipeline } from './bench-pipeline';
import { readCpuBreakdown, renderBreakdownTable } from './cpu-breakdown';
import { type LoadProfile, profileByName, totalSeconds } from './load-profile';
import {
  type BenchTarget,
  type LoadGenerator,
  type MeasuredProfile,
  type MeasuredRun,
  measureProfile,
  measureRun,
} from './measure';
import { captureCpuProfile, PPROF_OVERLAY } from './pprof';
import { capacityEstimate, compareProfiles, compareToBaseline, renderProfileTable, renderRunsTable } from './report';

const { values } = parseArgs({
  options: {
    rates: { type: 'string', default: '500,1000,2000,3000' },
    duration: { type: 'string', default: '15s' },
    targets: { type: 'string', default: 'baseline,pipeline' },
    overlay: { type: 'string', multiple: true, default: [] },
    profile: { type: 'string' },
    pprof: { type: 'string' },
    generator: { type: 'string', default: 'k6' },
  },
});
function chosenProfile(name: string | undefined): LoadProfile | undefined {
  try {
    return name === undefined ? undefined : profileByName(name);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
}
const profile = chosenProfile(values.profile);
if (values.generator !== 'k6' && values.generator !== 'go') {
  console.error(`--generator must be k6 or go, not ${values.generator}`);
  process.exit(2);
}
const generator: LoadGenerator = values.generator;
if (profile && generator !== 'k6') {
  console.error('load profiles run with k6 (--generator=go sends the fixed-rate step-up only)');
  process.exit(2);
}
const rates = (values.rates ?? '')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const duration = values.duration ?? '15s';
const durationSeconds = Number.parseFloat(duration);
const cores = availableParallelism();

/** With --pprof: where the pipeline's pprof endpoint listens and where its profiles go. */
const pprof = values.pprof ? { dir: resolve(values.pprof), endpoint: `127.0.0.1:${await freePort()}` } : undefined;
if (pprof) mkdirSync(pprof.dir, { recursive: true });

/** The CPU profiles recorded in this run (with --pprof), by step or profile name. */
const cpuProfiles: { label: string; path: string }[] = [];

/** Runs `measure` while recording the pipeline's CPU profile for `seconds` into `name`.pb.gz (with --pprof). */
async function profiled<T>(target: BenchTarget, name: string, seconds: number, measure: () => Promise<T>): Promise<T> {
  if (!pprof || target.name !== 'pipeline') return measure();
  const path = join(pprof.dir, `${name}.pb.gz`);
  const [result] = await Promise.all([measure(), captureCpuProfile(`http://${pprof.endpoint}`, seconds, path)]);
  console.error(`CPU profile: go tool pprof -top ${path}`);
  cpuProfiles.push({ label: name, path });
  return result;
}

/** With --pprof: the share of the pipeline's CPU per component in each recorded profile. */
function printCpuBreakdown(): void {
  if (cpuProfiles.length === 0) return;
  console.log("\n## Where the pipeline Collector's CPU went (share of its sampled CPU, cpu-breakdown.ts)\n");
  console.log(
    renderBreakdownTable(cpuProfiles.map(({ label, path }) => ({ label, breakdown: readCpuBreakdown(path) }))),
  );
}

async function stepUp(target: BenchTarget, backendPids: number[]): Promise<MeasuredRun[]> {
  const runs: MeasuredRun[] = [];
  for (const rate of rates) {
    const run = await profiled(target, `pipeline-${rate}`, durationSeconds - 1, () =>
      measureRun(target, { rate, duration, generator }, backendPids, cores),
    );
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

/** Runs `measure` on each target asked for, starting and stopping its Collector around it. */
async function onEachTarget<T>(
  measure: (target: BenchTarget, backendPids: number[]) => Promise<T>,
): Promise<{ baseline?: T; pipeline?: T }> {
  const results: { baseline?: T; pipeline?: T } = {};
  if (targets.includes('baseline')) {
    const baseline = await startBaseline();
    running = baseline;
    results.baseline = await measure(baseline.target, []).finally(() => baseline.stop());
  }
  if (targets.includes('pipeline')) {
    const overlays = [...(values.overlay ?? []), ...(pprof ? [PPROF_OVERLAY] : [])];
    const pipeline = await startBenchPipeline(overlays, pprof ? { BILAN_PPROF_ENDPOINT: pprof.endpoint } : {});
    running = pipeline;
    results.pipeline = await measure(pipeline.target, pipeline.backendPids).finally(() => pipeline.stop());
  }
  running = undefined;
  return results;
}

function writeResults(name: string, results: object): void {
  const path = new URL(`./results-${name}.json`, import.meta.url);
  writeFileSync(path, `${JSON.stringify({ measuredAt: new Date().toISOString(), cores, ...results }, null, 2)}\n`);
  console.error(`wrote ${path.pathname}`);
}

if (profile) {
  const runs = await onEachTarget(async (target, backendPids) => {
    console.error(
      `${target.name}: load profile ${profile.name}, ${profile.phases.map((p) => `${p.name} ${p.seconds} s`).join(', ')}`,
    );
    return profiled(target, `pipeline-${profile.name}`, totalSeconds(profile) - 1, () =>
      measureProfile(target, profile, backendPids, cores),
    );
  });
  const measured = [runs.baseline, runs.pipeline].filter((r): r is MeasuredProfile => r !== undefined);
  console.log(`\n## Ingest, load profile ${profile.name} (${cores} cores, k6 on the same machine)\n`);
  console.log(renderProfileTable(measured, profile));
  console.log('');
  for (const line of compareProfiles(runs.pipeline, runs.baseline, profile)) console.log(`- ${line}`);
  writeResults(profile.name, { profile, runs: measured });
  printCpuBreakdown();
} else {
  const runs = await onEachTarget((target, backendPids) => stepUp(target, backendPids));
  const baselineRuns = runs.baseline ?? [];
  const pipelineRuns = runs.pipeline ?? [];
  const sender = generator === 'go' ? 'bilan-loadgen' : 'k6';
  console.log(`\n## Ingest benchmark (${cores} cores, ${duration} per step, ${sender} on the same machine)\n`);
  console.log(renderRunsTable([...baselineRuns, ...pipelineRuns]));
  console.log('');
  for (const line of compareToBaseline(pipelineRuns, baselineRuns, durationSeconds)) console.log(`- ${line}`);
  console.log('');
  for (const run of [...baselineRuns, ...pipelineRuns]) {
    const capacity = capacityEstimate(run, cores);
    console.log(
      `- ${run.target} @ ${run.figures.targetRate}/s: ${run.verdict}; CPU-based capacity on ${cores} idle cores: ` +
        `${capacity.withK6}/s with the load generator alongside, ${capacity.collectorOnly}/s for the Collector alone; ` +
        `receiver refused ${run.received.refused} items, ${run.received.refusedByMemoryLimiter} by memory_limiter`,
    );
  }
  writeResults(generator === 'go' ? 'step-up-loadgen' : 'step-up', {
    durationPerStep: duration,
    generator: sender,
    baseline: baselineRuns,
    pipeline: pipelineRuns,
  });
  printCpuBreakdown();
}
