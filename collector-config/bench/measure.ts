import { COLLECTOR_METRIC } from '@bilan/contract';
import { type CoreUse, findBottleneck } from './bottleneck';
import { runIngest } from './k6';
import type { IngestFigures } from './k6-summary';
import { watchMachine, watchProcess } from './proc-usage';
import { histogramQuantileBetween, type PromSample, scrapeMetrics, sumMetric } from './prom-text';

/** A Collector under test: where k6 sends, where its own metrics are, and its process. */
export interface BenchTarget {
  name: string;
  otlpHttpUrl: string;
  metricsUrl: string;
  pid: number;
}

/** Items the Collector's receiver accepted and refused, from its own metrics. */
export interface ReceiverCounts {
  acceptedLogRecords: number;
  acceptedSpans: number;
  refused: number;
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

function receiverCounts(samples: PromSample[]): ReceiverCounts {
  return {
    acceptedLogRecords: sumMetric(samples, COLLECTOR_METRIC.receiverAcceptedLogRecords),
    acceptedSpans: sumMetric(samples, COLLECTOR_METRIC.receiverAcceptedSpans),
    refused:
      sumMetric(samples, COLLECTOR_METRIC.receiverRefusedLogRecords) +
      sumMetric(samples, COLLECTOR_METRIC.receiverRefusedSpans),
  };
}

/**
 * One k6 run at a fixed rate against a target, watching the CPU and memory of the Collector, of
 * k6 and of the back ends behind the Collector (their pids), and the receiver's own counts.
 */
export async function measureRun(
  target: BenchTarget,
  run: { rate: number; duration: string },
  backendPids: number[] = [],
  machineCores = 2,
): Promise<MeasuredRun> {
  const beforeSamples = await scrapeMetrics(target.metricsUrl);
  const machineWatch = watchMachine(machineCores);
  const collectorWatch = watchProcess(target.pid);
  const backendWatches = backendPids.map((pid) => watchProcess(pid));
  const result = await runIngest({ otlpHttpUrl: target.otlpHttpUrl, ...run });
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
  const ours = result.k6Usage.avgCores + collector.avgCores + backends;
  const cores = {
    k6: result.k6Usage.avgCores,
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
    },
    exporters,
    serverP99Ms,
    verdict: findBottleneck(result.figures, cores, machineCores, exporters, serverP99Ms),
  };
}
