import { maxSustainableRate } from './k6-summary';
import type { LoadProfile } from './load-profile';
import type { MeasuredProfile, MeasuredRun } from './measure';

const MIB = 1024 * 1024;

/** One Markdown table row per run: what k6 saw, what the Collector counted, who used the CPU. */
export function renderRunsTable(runs: readonly MeasuredRun[]): string {
  const header = [
    '| target | rate/s (sent) | requests | p50 ms | p95 ms | p99 ms | Collector-side p99 ms | failed | dropped | events accepted | k6 cores | Collector cores | back-end cores | other cores | Collector RSS MiB | queued at end |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  const rows = runs.map((r) => {
    const f = r.figures;
    const events = r.received.acceptedLogRecords + r.received.acceptedSpans;
    return `| ${r.target} | ${f.targetRate} (${f.achievedRate.toFixed(0)}) | ${f.requests} | ${f.p50Ms.toFixed(2)} | ${f.p95Ms.toFixed(2)} | ${f.p99Ms.toFixed(2)} | ${r.serverP99Ms.toFixed(1)} | ${f.failedRequests} | ${f.droppedIterations} | ${events} | ${r.cores.k6.toFixed(2)} | ${r.cores.collector.toFixed(2)} | ${r.cores.backends.toFixed(2)} | ${r.cores.other.toFixed(2)} | ${(r.collectorPeakRssBytes / MIB).toFixed(0)} | ${r.exporters.queued} |`;
  });
  return [...header, ...rows].join('\n');
}

/** Collector CPU seconds per 1,000 requests: the cost of one target, independent of the rate. */
export function cpuPerThousandRequests(run: MeasuredRun, durationSeconds: number): number {
  return run.figures.requests > 0 ? (run.cores.collector * durationSeconds * 1000) / run.figures.requests : 0;
}

/**
 * Full pipeline against the baseline (receiver only) at each rate both ran: P99 and Collector CPU
 * per request as ratios, and each one's highest rate that met the target.
 */
export function compareToBaseline(
  pipeline: readonly MeasuredRun[],
  baseline: readonly MeasuredRun[],
  durationSeconds: number,
): string[] {
  const lines: string[] = [];
  for (const p of pipeline) {
    const b = baseline.find((run) => run.figures.targetRate === p.figures.targetRate);
    if (!b) continue;
    const p99 = p.figures.p99Ms / b.figures.p99Ms;
    const cpu = cpuPerThousandRequests(p, durationSeconds) / cpuPerThousandRequests(b, durationSeconds);
    lines.push(
      `at ${p.figures.targetRate}/s: pipeline P99 ${p99.toFixed(2)}× baseline, Collector CPU per request ${cpu.toFixed(2)}× baseline`,
    );
  }
  const best = (runs: readonly MeasuredRun[]) => maxSustainableRate(runs.map((r) => r.figures));
  lines.push(`max rate meeting P99 ≤ 20 ms with no error: pipeline ${best(pipeline)}/s, baseline ${best(baseline)}/s`);
  return lines;
}

/**
 * Requests per second the machine's cores could carry if nothing else ran, from the CPU each
 * request cost in one run: with k6 on the same cores, and for the Collector and its back ends
 * alone. CPU per request varies far less with a busy neighbour than latency does, so this is the
 * figure that survives a shared machine.
 */
export function capacityEstimate(run: MeasuredRun, machineCores: number): { withK6: number; collectorOnly: number } {
  const rate = run.figures.achievedRate;
  const serverCores = run.cores.collector + run.cores.backends;
  if (rate <= 0 || serverCores <= 0) return { withK6: 0, collectorOnly: 0 };
  return {
    withK6: Math.round((machineCores * rate) / (serverCores + run.cores.k6)),
    collectorOnly: Math.round((machineCores * rate) / serverCores),
  };
}

/** One Markdown row per target and phase of a load profile. */
export function renderProfileTable(runs: readonly MeasuredProfile[], profile: LoadProfile): string {
  const header = [
    '| target | phase | users | requests | rate/s | p50 ms | p95 ms | p99 ms | failed % | k6 cores | Collector cores | back-end cores | other cores | Collector RSS MiB |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  const rows = runs.flatMap((run) =>
    run.phases.map((p, i) => {
      const plan = profile.phases[i];
      const users = plan && plan.fromVus !== plan.toVus ? `${plan.fromVus}→${plan.toVus}` : String(plan?.toVus ?? '');
      return `| ${run.target} | ${p.phase} | ${users} | ${p.requests} | ${p.ratePerSecond.toFixed(0)} | ${p.p50Ms.toFixed(2)} | ${p.p95Ms.toFixed(2)} | ${p.p99Ms.toFixed(2)} | ${(p.failedShare * 100).toFixed(2)} | ${p.cores.k6.toFixed(2)} | ${p.cores.collector.toFixed(2)} | ${p.cores.backends.toFixed(2)} | ${p.cores.other.toFixed(2)} | ${(p.collectorPeakRssBytes / MIB).toFixed(0)} |`;
    }),
  );
  return [...header, ...rows].join('\n');
}

/** Collector CPU seconds per 1,000 requests in one phase. */
export function phaseCpuPerThousandRequests(phase: MeasuredProfile['phases'][number], seconds: number): number {
  return phase.requests > 0 ? (phase.cores.collector * seconds * 1000) / phase.requests : 0;
}

/**
 * The pipeline against the baseline through the same profile, phase by phase: P99 and Collector
 * CPU per request as ratios; and each target's verdict on the profile's thresholds.
 */
export function compareProfiles(
  pipeline: MeasuredProfile | undefined,
  baseline: MeasuredProfile | undefined,
  profile: LoadProfile,
): string[] {
  const lines: string[] = [];
  for (const run of [baseline, pipeline]) {
    if (!run) continue;
    const marks = run.thresholds.map((t) => `${t.threshold} ${t.ok ? 'met' : 'NOT met'}`).join(', ');
    lines.push(
      `${run.target}: the seed's thresholds ${marks}; receiver accepted ${run.received.acceptedLogRecords + run.received.acceptedSpans} events, refused ${run.received.refused} (by memory_limiter ${run.received.refusedByMemoryLimiter})`,
    );
  }
  if (!pipeline || !baseline) return lines;
  profile.phases.forEach(({ name, seconds }, i) => {
    const [p, b] = [pipeline.phases[i], baseline.phases[i]];
    if (!p || !b || b.p99Ms <= 0) return;
    const cpu = phaseCpuPerThousandRequests(p, seconds) / phaseCpuPerThousandRequests(b, seconds);
    lines.push(
      `${name}: pipeline ${p.ratePerSecond.toFixed(0)} requests/s against the baseline's ${b.ratePerSecond.toFixed(0)} (${(p.ratePerSecond / b.ratePerSecond).toFixed(2)}×), P99 ${(p.p99Ms / b.p99Ms).toFixed(2)}× baseline, Collector CPU per request ${cpu.toFixed(2)}× baseline`,
    );
  });
  return lines;
}
