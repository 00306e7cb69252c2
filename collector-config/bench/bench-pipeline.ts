import { fileURLToPath } from 'node:url';
import { COLLECTOR_CONFIG, startCollector, startPrometheus } from '@bilan/stack';
import type { BenchTarget } from './measure';

/** Receiver-only Collector config: the baseline, and the stand-in for Tempo and Loki. */
const BASELINE_CONFIG = fileURLToPath(new URL('./baseline-config.yaml', import.meta.url));

interface Stoppable {
  stop(): Promise<void>;
}

export interface BenchPipeline {
  /** The full Bilan pipeline (otelcol-config.yaml) that k6 posts to. */
  target: BenchTarget;
  /** Processes behind it on this machine (sink Collector, Prometheus), whose CPU counts too. */
  backendPids: number[];
  prometheusUrl: string;
  /** Metrics of the sink Collector: what reached the Tempo and Loki exporters' far end. */
  sinkMetricsUrl: string;
  stop(): Promise<void>;
}

async function stopAll(parts: Stoppable[]): Promise<void> {
  await Promise.allSettled(parts.reverse().map((p) => p.stop()));
}

/**
 * Starts the real pipeline for the bench: Prometheus (remote write), a receiver-only Collector
 * standing in for Tempo and Loki (cheaper than a Node sink, so it steals less CPU from the run),
 * and otelcol-bilan with the project's pipeline config.
 */
export async function startBenchPipeline(
  overlays: string[] = [],
  env: Record<string, string> = {},
): Promise<BenchPipeline> {
  const started: Stoppable[] = [];
  try {
    const prometheus = await startPrometheus({});
    started.push(prometheus);
    const sink = await startCollector({ configFiles: [BASELINE_CONFIG] });
    started.push(sink);
    const collector = await startCollector({
      // Overlays merged on the pipeline config measure a variant of it (see README.md).
      configFiles: [COLLECTOR_CONFIG, ...overlays],
      env: {
        BILAN_TEMPO_OTLP_TRACES_URL: `${sink.otlpHttpUrl}/v1/traces`,
        BILAN_LOKI_OTLP_LOGS_URL: `${sink.otlpHttpUrl}/v1/logs`,
        BILAN_PROMETHEUS_REMOTE_WRITE_URL: prometheus.remoteWriteUrl,
        BILAN_COLLECTOR_LOG_LEVEL: 'warn',
        ...env,
      },
    });
    started.push(collector);
    return {
      target: {
        name: 'pipeline',
        otlpHttpUrl: collector.otlpHttpUrl,
        metricsUrl: collector.metricsUrl,
        pid: collector.pid,
      },
      backendPids: [sink.pid, prometheus.pid],
      prometheusUrl: prometheus.url,
      sinkMetricsUrl: sink.metricsUrl,
      stop: () => stopAll(started),
    };
  } catch (error) {
    await stopAll(started);
    throw error;
  }
}

/** Starts the receiver-only baseline Collector. */
export async function startBaseline(): Promise<{ target: BenchTarget; stop(): Promise<void> }> {
  const baseline = await startCollector({ configFiles: [BASELINE_CONFIG] });
  return {
    target: { name: 'baseline', otlpHttpUrl: baseline.otlpHttpUrl, metricsUrl: baseline.metricsUrl, pid: baseline.pid },
    stop: () => baseline.stop(),
  };
}
