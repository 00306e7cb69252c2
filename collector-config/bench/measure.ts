import { COLLECTOR_METRIC, COUNTS_RECEIVER } from '@bilan/contract';
import { type CoreUse, findBottleneck } from './bottleneck';
import { runIngest } from './k6';
import type { IngestFigures } from './k6-summary';
import { k6Thresholds, type LoadProfile, phaseEnds } from './load-profile';
import { runLoadgen } from './loadgen';
import { type ProcUsage, watchMachine, watchProcess } from './proc-usage';
import { type PhaseFigures, summarisePhases, type ThresholdResult, thresholdResults } from './profile-summary';
import { histogramQuantileBetween, type PromSample, scrapeMetrics, sumMetric } from './prom-text';

/** A Collector under test: where k6 sends, where its own metrics are, and its process. */
export interface BenchTarget {
  name: string;
  otlpHttpUrl: string;
  metricsUrl: string;
  pid: number;
}

/** Who sends the load: k6 (ingest.js), or the lean Go generator for rates where k6 takes the cores. */
export type LoadGenerator = 'k6' | 'go';

/** Items the Collector's receiver accepted and refused, from its own metrics. */
export interface ReceiverCounts {
  acceptedLogRecords: number;
  acceptedSpans: number;
  /** Refused by the receiver for any reason: the memory limiter, or a full sending queue behind it. */
  refused: number;
  /** Refused by the memory limiter (its own counters, summed over the pipelines it sits in). */
  refusedByMemoryLimiter: number;
}

/** The export side: items waiting in sending queues, and items that failed to send or enqueue. */
export interface ExporterCounts {
  queued: number;
  failed: number;
}

export interface MeasuredRun {
  target: string;
  figures: IngestFigures;
  cores: CoreUse;
  collectorPeakRssBytes: number;
  /** What the receiver counted during this run only. */
  received: ReceiverCounts;
  /** P99 of the Collector's own OTLP/HTTP handling time (its histogram, coarse buckets), in ms. */
  serverP99Ms: number;
  /** Queue size at the end of the run, and failures during it. */
  exporters: ExporterCounts;
  verdict: string;
}

function exporterCounts(samples: PromSample[]): ExporterCounts {
  const m = COLLECTOR_METRIC;
  const failures = [
    m.exporterSendFailedLogRecords,
    m.exporterSendFailedSpans,
    m.exporterSendFailedMetricPoints,
    m.exporterEnqueueFailedLogRecords,
    m.exporterEnqueueFailedSpans,
  ];
  return {
    queued: sumMetric(samples, m.exporterQueueSize),
    failed: failures.reduce((sum, name) => sum + sumMetric(samples, name), 0),
  };
}

export async function readReceiverCounts(metricsUrl: string): Promise<ReceiverCounts> {
  return receiverCounts(await scrapeMetrics(metricsUrl));
}

/** What k6 sent: every receiver but the counts stage's own, which sees the label copies again. */
const ingest = (samples: PromSample[], name: string) =>
  sumMetric(samples, name) - sumMetric(samples, name, { receiver: COUNTS_RECEIVER });

function receiverCounts(samples: PromSample[]): ReceiverCounts {
  return {
    acceptedLogRecords: ingest(samples, COLLECTOR_METRIC.receiverAcceptedLogRecords),
    acceptedSpans: ingest(samples, COLLECTOR_METRIC.receiverAcceptedSpans),
    refused:
      ingest(samples, COLLECTOR_METRIC.receiverRefusedLogRecords) +
      ingest(samples, COLLECTOR_METRIC.receiverRefusedSpans),
    refusedByMemoryLimiter:
      sumMetric(samples, COLLECTOR_METRIC.memoryLimiterRefusedLogRecords) +
      sumMetric(samples, COLLECTOR_METRIC.memoryLimiterRefusedSpans),
  };
}

/**
 * One run at a fixed rate against a target (k6 unless `generator` says otherwise), watching the CPU
 * and memory of the Collector, of the load generator and of the back ends behind the Collector
 * (their pids), and the receiver's own counts.
 */
export async function measureRun(
  target: BenchTarget,
  run: { rate: number; duration: string; generator?: LoadGenerator },
  backendPids: number[] = [],
  machineCores = 2,
): Promise<MeasuredRun> {
  const beforeSamples = await scrapeMetrics(target.metricsUrl);
  const machineWatch = watchMachine(machineCores);
  const collectorWatch = watchProcess(target.pid);
  const backendWatches = backendPids.map((pid) => watchProcess(pid));
  const send = run.generator === 'go' ? runLoadgen : runIngest;
  const result = await send({ otlpHttpUrl: target.otlpHttpUrl, rate: run.rate, duration: run.duration });
  const collector = collectorWatch.stop();
  const backends = backendWatches.map((w) => w.stop()).reduce((sum, u) => sum + u.avgCores, 0);
  const machine = machineWatch.stop();
  const afterSamples = await scrapeMetrics(target.metricsUrl);
  const [before, after] = [receiverCounts(beforeSamples), receiverCounts(afterSamples)];
  const exportersAfter = exporterCounts(afterSamples);
  const exporters = {
    queued: exportersAfter.queued,
    failed: exportersAfter.failed - exporterCounts(beforeSamples).failed,
  };
  const serverP99Ms =
    histogramQuantileBetween(beforeSamples, afterSamples, COLLECTOR_METRIC.httpServerRequestDuration, 0.99) * 1000;
  const ours = result.generatorUsage.avgCores + collector.avgCores + backends;
  const cores = {
    k6: result.generatorUsage.avgCores,
    collector: collector.avgCores,
    backends,
    other: Math.max(0, machine - ours),
  };
  return {
    target: target.name,
    figures: result.figures,
    cores,
    collectorPeakRssBytes: collector.peakRssBytes,
    received: {
      acceptedLogRecords: after.acceptedLogRecords - before.acceptedLogRecords,
      acceptedSpans: after.acceptedSpans - before.acceptedSpans,
      refused: after.refused - before.refused,
      refusedByMemoryLimiter: after.refusedByMemoryLimiter - before.refusedByMemoryLimiter,
    },
    exporters,
    serverP99Ms,
    verdict: findBottleneck(result.figures, cores, machineCores, exporters, serverP99Ms),
  };
}

/** One phase of a load profile: what k6 saw, who held the cores, the Collector's peak memory. */
export interface MeasuredPhase extends PhaseFigures {
  cores: CoreUse;
  collectorPeakRssBytes: number;
}

export interface MeasuredProfile {
  target: string;
  profile: string;
  phases: MeasuredPhase[];
  thresholds: ThresholdResult[];
  received: ReceiverCounts;
  exporters: ExporterCounts;
}

/** Watches of every process that matters, restarted at each phase boundary. */
function watchAll(k6Pid: number | undefined, collectorPid: number, backendPids: number[], machineCores: number) {
  const machine = watchMachine(machineCores);
  const k6 = k6Pid === undefined ? undefined : watchProcess(k6Pid);
  const collector = watchProcess(collectorPid);
  const backends = backendPids.map((pid) => watchProcess(pid));
  return (): { cores: CoreUse; collector: ProcUsage } => {
    const k6Cores = k6?.stop().avgCores ?? 0;
    const collectorUsage = collector.stop();
    const backendCores = backends.map((w) => w.stop()).reduce((sum, u) => sum + u.avgCores, 0);
    const busy = machine.stop();
    const ours = k6Cores + collectorUsage.avgCores + backendCores;
    return {
      cores: {
        k6: k6Cores,
        collector: collectorUsage.avgCores,
        backends: backendCores,
        other: Math.max(0, busy - ours),
      },
      collector: collectorUsage,
    };
  };
}

/**
 * One k6 run of a load profile against a target, with the CPU of k6, the Collector, its back ends
 * and every other process, and the Collector's peak RSS, measured per phase (the watches restart
 * at each phase's planned end, counted from k6's start, so k6's second of start-up falls in the
 * first phase).
 */
export async function measureProfile(
  target: BenchTarget,
  profile: LoadProfile,
  backendPids: number[] = [],
  machineCores = 2,
): Promise<MeasuredProfile> {
  const beforeSamples = await scrapeMetrics(target.metricsUrl);
  const usages: ReturnType<ReturnType<typeof watchAll>>[] = [];
  const timers: NodeJS.Timeout[] = [];
  let stopWatches: ReturnType<typeof watchAll> | undefined;
  const result = await runIngest({
    otlpHttpUrl: target.otlpHttpUrl,
    rate: 0,
    duration: '0s',
    profile,
    onStart: (k6Pid) => {
      stopWatches = watchAll(k6Pid, target.pid, backendPids, machineCores);
      for (const { endSeconds } of phaseEnds(profile).slice(0, -1)) {
        timers.push(
          setTimeout(() => {
            if (stopWatches) usages.push(stopWatches());
            stopWatches = watchAll(k6Pid, target.pid, backendPids, machineCores);
          }, endSeconds * 1000),
        );
      }
    },
  }).finally(() => {
    for (const timer of timers) clearTimeout(timer);
  });
  if (stopWatches) usages.push(stopWatches());
  const afterSamples = await scrapeMetrics(target.metricsUrl);
  const [before, after] = [receiverCounts(beforeSamples), receiverCounts(afterSamples)];
  const exportersAfter = exporterCounts(afterSamples);
  const phases = summarisePhases(result.summary, profile).map((figures, i) => ({
    ...figures,
    cores: usages[i]?.cores ?? { k6: 0, collector: 0, backends: 0, other: 0 },
    collectorPeakRssBytes: usages[i]?.collector.peakRssBytes ?? 0,
  }));
  return {
    target: target.name,
    profile: profile.name,
    phases,
    thresholds: thresholdResults(result.summary, k6Thresholds(profile)),
    received: {
      acceptedLogRecords: after.acceptedLogRecords - before.acceptedLogRecords,
      acceptedSpans: after.acceptedSpans - before.acceptedSpans,
      refused: after.refused - before.refused,
      refusedByMemoryLimiter: after.refusedByMemoryLimiter - before.refusedByMemoryLimiter,
    },
    exporters: {
      queued: exportersAfter.queued,
      failed: exportersAfter.failed - exporterCounts(beforeSamples).failed,
    },
  };
}
