import { LABEL, SERIES } from '@bilan/contract';
import type { DashboardConfig } from '../config';
import { COLLECTOR_METRIC } from './collector-metrics';
import { selectSeries } from './selector';
import type { PromQuery } from './types';

/** Queries of the Pipeline health dashboard (the seed's KPIs), as functions of the config. */

const RATE = '$__rate_interval';
const SIGNALS = ['spans', 'log_records', 'metric_points'] as const;
type Signal = (typeof SIGNALS)[number];

function collector(config: DashboardConfig, metric: string, extra = ''): string {
  return `${metric}{${[config.collectorJobSelector, extra].filter(Boolean).join(', ')}}`;
}

function perSignal(
  config: DashboardConfig,
  metricOf: (signal: Signal) => string,
  legend: (signal: Signal) => string,
): PromQuery[] {
  return SIGNALS.map((signal) => ({
    expr: `sum (rate(${collector(config, metricOf(signal))}[${RATE}]))`,
    legendFormat: legend(signal),
  }));
}

/** Items accepted by the Collector's receivers per second, per signal. */
export function ingestRate(config: DashboardConfig): PromQuery[] {
  return perSignal(
    config,
    (s) => COLLECTOR_METRIC.receiverAccepted[s],
    (s) => `accepted ${s}`,
  );
}

/** Items the receivers refused (bad payload, memory limiter back-pressure), per second. */
export function refusedRate(config: DashboardConfig): PromQuery[] {
  return perSignal(
    config,
    (s) => COLLECTOR_METRIC.receiverRefused[s],
    (s) => `refused ${s}`,
  );
}

/** Items exporters gave up on after retries (lost to the back end), per second. */
export function exportFailedRate(config: DashboardConfig): PromQuery[] {
  return perSignal(
    config,
    (s) => COLLECTOR_METRIC.exporterSendFailed[s],
    (s) => `failed ${s}`,
  );
}

/** Events the SDKs report they could not deliver over the range, by reason. */
export function sdkDropped(config: DashboardConfig): PromQuery {
  return {
    expr: `sum by (${LABEL.reason}) (increase(${selectSeries(SERIES.sdkDropped, config.variables)}[$__range]))`,
    legendFormat: `{{${LABEL.reason}}}`,
    instant: true,
  };
}

/** Items per batch sent by the batch processor: median and P95. */
export function batchSize(config: DashboardConfig): PromQuery[] {
  const buckets = `sum by (le) (rate(${collector(config, COLLECTOR_METRIC.batchSendSizeBucket)}[${RATE}]))`;
  return [0.5, 0.95].map((q) => ({
    expr: `histogram_quantile(${q}, ${buckets})`,
    legendFormat: `P${Math.round(q * 100)} items per batch`,
  }));
}

/** OTLP/HTTP request latency at the Collector's receiver: P50, P95, P99. */
export function receiverLatency(config: DashboardConfig): PromQuery[] {
  const buckets = `sum by (le) (rate(${collector(config, COLLECTOR_METRIC.httpServerDurationBucket)}[${RATE}]))`;
  return [0.5, 0.95, 0.99].map((q) => ({
    expr: `histogram_quantile(${q}, ${buckets})`,
    legendFormat: `P${Math.round(q * 100)}`,
  }));
}

/** Fill of each exporter's sending queue (0–1). */
export function exporterQueueFill(config: DashboardConfig): PromQuery {
  return {
    expr: `max by (exporter) (${collector(config, COLLECTOR_METRIC.exporterQueueSize)})\n/\nmax by (exporter) (${collector(config, COLLECTOR_METRIC.exporterQueueCapacity)})`,
    legendFormat: '{{exporter}}',
  };
}

/** Seconds between now and the newest sample remote-written into Prometheus. */
export function remoteWriteLag(config: DashboardConfig): PromQuery {
  return {
    expr: `time() - max(timestamp(${selectSeries(
      SERIES.turns,
      config.variables.filter((v) => v.name === 'environment' || v.name === 'service'),
    )}))`,
    legendFormat: 'Seconds since newest sample',
  };
}

/** Collector resident memory. */
export function collectorMemory(config: DashboardConfig): PromQuery {
  return {
    expr: `sum by (instance) (${collector(config, COLLECTOR_METRIC.processMemoryRss)})`,
    legendFormat: '{{instance}}',
  };
}

/** Collector CPU in cores. */
export function collectorCpu(config: DashboardConfig): PromQuery {
  return {
    expr: `sum by (instance) (rate(${collector(config, COLLECTOR_METRIC.processCpuSeconds)}[${RATE}]))`,
    legendFormat: '{{instance}}',
  };
}

/** Prometheus query evaluation latency quantiles (what every analytics panel waits for). */
export function analyticsQueryLatency(config: DashboardConfig): PromQuery {
  return {
    expr: `max by (quantile) (prometheus_engine_query_duration_seconds{${config.prometheusJobSelector}, slice="inner_eval"})`,
    legendFormat: 'quantile {{quantile}}',
  };
}
