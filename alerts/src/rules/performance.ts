import { DASHBOARD_UID, LABEL, SERIES } from '@bilan/contract';
import type { AlertsConfig, QueryLatencySource } from '../config';
import { histogramQuantile, selectSeries } from '../promql';
import type { AlertRule } from '../rule';

const INSTANCE_LABELS = ['job', 'instance'];

function milliseconds(seconds: number): string {
  return `${Math.round(seconds * 1000)} ms`;
}

function percentile(quantile: number): string {
  return `P${Math.round(quantile * 100)}`;
}

/** One backend's query latency at the configured quantile, per job and instance. */
function queryLatencyOf(source: QueryLatencySource, config: AlertsConfig): string {
  if (source.kind === 'summary') return `max by (job, instance) (${selectSeries(source.metric, source.selector)})`;
  const { quantile } = config.queryLatencyThreshold;
  return histogramQuantile(quantile, source.metric, source.selector, config.rateWindow, INSTANCE_LABELS);
}

/** The four performance alerts (ingest latency, query latency, backlog, page load), mapped onto what the Bilan stack really measures (see README). */
export function performanceRules(config: AlertsConfig): AlertRule[] {
  const ingest = config.ingestLatency;
  const query = config.queryLatencyThreshold;
  const page = config.pageLoad;
  return [
    {
      alert: 'BilanIngestLatencyHigh',
      value: histogramQuantile(
        ingest.quantile,
        config.collectorHttpDurationMetric,
        config.collectorIngestSelector,
        config.rateWindow,
        INSTANCE_LABELS,
      ),
      op: '>',
      threshold: ingest.thresholdSeconds,
      for: ingest.for,
      severity: 'critical',
      summary: 'Collector ingest is slow',
      description: (v) =>
        `The Collector {{ $labels.instance }} answers OTLP/HTTP ingest requests in ${v} at ${percentile(ingest.quantile)}, above ${milliseconds(ingest.thresholdSeconds)}.`,
      valueFormat: 'seconds',
      dashboard: DASHBOARD_UID.pipelineHealth,
    },
    {
      alert: 'BilanQueryLatencyHigh',
      value: config.queryLatency.map((source) => queryLatencyOf(source, config)).join(' or '),
      op: '>',
      threshold: query.thresholdSeconds,
      for: query.for,
      severity: 'critical',
      summary: 'Analytics queries are slow',
      description: (v) =>
        `Queries to {{ $labels.job }} ({{ $labels.instance }}) take ${v} at ${percentile(query.quantile)}, above ${milliseconds(query.thresholdSeconds)}: dashboards and alerts lag.`,
      valueFormat: 'seconds',
      dashboard: DASHBOARD_UID.pipelineHealth,
    },
    {
      alert: 'BilanEventBacklog',
      value: `max by (job, instance, exporter) (${selectSeries(config.collectorQueueSizeMetric, config.collectorSelector)})`,
      op: '>',
      threshold: config.backlog.threshold,
      for: config.backlog.for,
      severity: 'warning',
      summary: 'Collector export queue is backing up',
      description: (v) =>
        `The export queue of {{ $labels.exporter }} on {{ $labels.instance }} holds ${v} entries, above ${config.backlog.threshold}: its backend is slow or unreachable.`,
      valueFormat: 'number',
      dashboard: DASHBOARD_UID.pipelineHealth,
    },
    {
      alert: 'BilanPageLoadSlow',
      value: histogramQuantile(page.quantile, SERIES.pageLoad.name, '', config.rateWindow, [
        LABEL.serviceName,
        LABEL.environment,
      ]),
      op: '>',
      threshold: page.thresholdSeconds,
      for: page.for,
      severity: 'warning',
      summary: 'Pages load slowly',
      description: (v) =>
        `{{ $labels.service_name }} ({{ $labels.environment }}) pages load in ${v} at ${percentile(page.quantile)}, above ${page.thresholdSeconds} s.`,
      valueFormat: 'seconds',
      dashboard: DASHBOARD_UID.pipelineHealth,
    },
  ];
}
