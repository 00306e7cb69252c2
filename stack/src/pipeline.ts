import { type RunningCollector, startCollector } from './collector';
import { type RunningOtlpSink, startOtlpSink } from './otlp-sink';
import { freePort } from './process';
import { type RunningPrometheus, startPrometheus } from './prometheus';

export interface StartPipelineOptions {
  ruleFiles?: string[];
  alertmanagerUrl?: string;
  /** Extra BILAN_* settings for the Collector (allowlists, limits). */
  collectorEnv?: Record<string, string>;
  /** Tempo/Loki URLs; without them both exporters go to a local OTLP sink. */
  tempoTracesUrl?: string;
  lokiLogsUrl?: string;
  /** Prometheus rule evaluation and scrape intervals (default 5s each), e.g. '1s' for alert tests. */
  evaluationInterval?: string;
  scrapeInterval?: string;
  prometheusPort?: number;
  prometheusDataDir?: string;
  collectorDataDir?: string;
}

export interface RunningPipeline {
  prometheus: RunningPrometheus;
  collector: RunningCollector;
  sink: RunningOtlpSink;
  stop(): Promise<void>;
}

/** Settings that point the Collector at Prometheus and at the sink (or real Tempo/Loki). */
export function collectorEnvFor(
  prometheus: RunningPrometheus,
  sinkUrl: string,
  options: StartPipelineOptions,
): Record<string, string> {
  return {
    BILAN_PROMETHEUS_REMOTE_WRITE_URL: prometheus.remoteWriteUrl,
    BILAN_TEMPO_OTLP_TRACES_URL: options.tempoTracesUrl ?? `${sinkUrl}/v1/traces`,
    BILAN_LOKI_OTLP_LOGS_URL: options.lokiLogsUrl ?? `${sinkUrl}/otlp/v1/logs`,
    // The sink reads OTLP/JSON; real Tempo and Loki get the default protobuf.
    BILAN_EXPORT_ENCODING: options.tempoTracesUrl || options.lokiLogsUrl ? 'proto' : 'json',
    BILAN_BATCH_TIMEOUT: '200ms',
    BILAN_COUNT_FLUSH_INTERVAL: '200ms',
    ...options.collectorEnv,
  };
}

/** Prometheus + otelcol-bilan + the OTLP sink, wired: remote write, scrape of the Collector, exports. */
export async function startPipeline(options: StartPipelineOptions = {}): Promise<RunningPipeline> {
  const telemetryPort = await freePort();
  const prometheus = await startPrometheus({
    scrapeTargets: [`127.0.0.1:${telemetryPort}`],
    ruleFiles: options.ruleFiles,
    alertmanagerUrl: options.alertmanagerUrl,
    evaluationInterval: options.evaluationInterval,
    scrapeInterval: options.scrapeInterval,
    port: options.prometheusPort,
    dataDir: options.prometheusDataDir,
  });
  const sink = await startOtlpSink().catch(async (error) => {
    await prometheus.stop();
    throw error;
  });
  const collector = await startCollector({
    telemetryPort,
    dataDir: options.collectorDataDir,
    env: collectorEnvFor(prometheus, sink.url, options),
  }).catch(async (error) => {
    await Promise.all([sink.stop(), prometheus.stop()]);
    throw error;
  });
  return {
    prometheus,
    collector,
    sink,
    async stop() {
      await collector.stop();
      await Promise.all([sink.stop(), prometheus.stop()]);
    },
  };
}
