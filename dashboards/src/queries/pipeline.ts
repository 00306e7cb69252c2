import { INGEST_RECEIVERS_MATCHER, LABEL, COLLECTOR_METRIC as M, SERIES, sumCountOverRange } from '@bilan/contract';
import type { DashboardConfig } from '../config';
import { selectSeries } from './selector';
import type { PromQuery } from './types';

/**
 * Queries of the Pipeline health dashboard (ingest, query and page-load KPIs), as functions of the config.
 * Collector metrics are selected by name alone (the `otelcol_` prefix is the Collector's
 * own), so the panels work whatever job name the scrape config gives the Collector.
 */

const RATE = '$__rate_interval';

/** The Collector's per-signal counters for what the SDKs send (spans and log records). */
export const SIGNAL_METRICS = {
  accepted: { spans: M.receiverAcceptedSpans, logs: M.receiverAcceptedLogRecords },
  refused: { spans: M.receiverRefusedSpans, logs: M.receiverRefusedLogRecords },
  sendFailed: { spans: M.exporterSendFailedSpans, logs: M.exporterSendFailedLogRecords },
} as const;

/**
 * One rate per signal. The Collector creates a loss counter only at its first loss, so
 * `orZero` turns "no series" into an explicit 0 instead of an empty panel.
 */
function perSignal(metrics: Record<string, string>, verb: string, orZero = false, selector = ''): PromQuery[] {
  return Object.entries(metrics).map(([signal, metric]) => ({
    expr: `sum (rate(${metric}${selector}[${RATE}]))${orZero ? ' or vector(0)' : ''}`,
    legendFormat: `${verb} ${signal}`,
  }));
}

function quantiles(histogram: string, qs: readonly number[], legend: (q: number) => string): PromQuery[] {
  const buckets = `sum by (le) (rate(${histogram}[${RATE}]))`;
  return qs.map((q) => ({ expr: `histogram_quantile(${q}, ${buckets})`, legendFormat: legend(q) }));
}

const pct = (q: number) => `P${Math.round(q * 100)}`;

/**
 * Items the apps' receivers accepted per second, per signal (the counts stage's own receiver,
 * `otlp/counts`, takes the label copies a second time and is left out).
 */
export function ingestRate(_config: DashboardConfig): PromQuery[] {
  return perSignal(SIGNAL_METRICS.accepted, 'accepted', false, `{${INGEST_RECEIVERS_MATCHER}}`);
}

/** Items the receivers refused (bad payload, memory-limiter back-pressure), per second. */
export function refusedRate(_config: DashboardConfig): PromQuery[] {
  return perSignal(SIGNAL_METRICS.refused, 'refused', true);
}

/** Items exporters failed to send, per second. */
export function exportFailedRate(_config: DashboardConfig): PromQuery[] {
  return perSignal(SIGNAL_METRICS.sendFailed, 'failed', true);
}

/** Events the SDKs report they could not deliver over the range, by reason. */
export function sdkDropped(config: DashboardConfig): PromQuery {
  return {
    expr: sumCountOverRange(selectSeries(SERIES.sdkDropped, config.variables), '$__range', [LABEL.reason]),
    legendFormat: `{{${LABEL.reason}}}`,
    instant: true,
  };
}

/** Items per batch sent from the exporters' sending queues: median and P95. */
export function batchSize(_config: DashboardConfig): PromQuery[] {
  return quantiles(`${M.batchSendSize}_bucket`, [0.5, 0.95], (q) => `${pct(q)} items per batch`);
}

/** OTLP/HTTP request latency at the Collector's receiver: P50, P95, P99. */
export function receiverLatency(_config: DashboardConfig): PromQuery[] {
  return quantiles(`${M.httpServerRequestDuration}_bucket{http_route=~"/v1/.+"}`, [0.5, 0.95, 0.99], pct);
}

/** Fill of each exporter's sending queue (0–1). */
export function exporterQueueFill(_config: DashboardConfig): PromQuery {
  return {
    expr: `max by (exporter) (${M.exporterQueueSize})\n/\nmax by (exporter) (${M.exporterQueueCapacity})`,
    legendFormat: '{{exporter}}',
  };
}

/**
 * Seconds between now and the newest turn sample remote-written into Prometheus. Instant
 * only: as a 30-day range query `timestamp()` over every turn series took 11 s in the benchmark.
 */
export function remoteWriteLag(config: DashboardConfig): PromQuery {
  const scope = config.variables.filter((v) => v.label === LABEL.environment || v.label === LABEL.serviceName);
  return {
    expr: `time() - max(timestamp(${selectSeries(SERIES.turns, scope)}))`,
    legendFormat: 'Seconds since newest sample',
    instant: true,
  };
}

/** Collector resident memory. */
export function collectorMemory(_config: DashboardConfig): PromQuery {
  return { expr: `sum by (instance) (${M.processMemoryRss})`, legendFormat: '{{instance}}' };
}

/** Collector CPU in cores. */
export function collectorCpu(_config: DashboardConfig): PromQuery {
  return { expr: `sum by (instance) (rate(${M.processCpuSeconds}[${RATE}]))`, legendFormat: '{{instance}}' };
}

/**
 * Prometheus query evaluation latency quantiles (what every analytics panel waits for).
 * Needs Prometheus to scrape itself.
 */
export function analyticsQueryLatency(_config: DashboardConfig): PromQuery {
  return {
    expr: 'max by (quantile) (prometheus_engine_query_duration_seconds{slice="inner_eval"})',
    legendFormat: 'quantile {{quantile}}',
  };
}
