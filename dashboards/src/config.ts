import { LABEL } from '@bilan/contract';

/**
 * The one config that drives every dashboard query and threshold (as a monitoring
 * mixin's config does). Selectors and thresholds live here, never in expressions.
 */
export const dashboardConfig = {
  /**
   * Template variables, the contract label each one filters, and the regex "All" sends.
   * `.*` lets Prometheus skip the matcher (tsdb/querier.go `PostingsForMatchers`, v0.316.0);
   * `.+` would make it read every series' postings of the label, per selector and block (a
   * 30-day trust score evaluated in 3.4 ms with `.+`, 1.9 ms with `.*`). A dashboard that queries
   * Loki sends `lokiAllValue` instead: the service is the Loki stream selector, and Loki
   * refuses a selector that matches the empty string.
   */
  variables: [
    { name: 'environment', label: LABEL.environment, title: 'Environment', allValue: '.*' },
    { name: 'service', label: LABEL.serviceName, title: 'Service', allValue: '.*', lokiAllValue: '.+' },
    { name: 'feature', label: LABEL.feature, title: 'Feature', allValue: '.*' },
    { name: 'model', label: LABEL.model, title: 'Model', allValue: '.*' },
    { name: 'prompt_version', label: LABEL.promptVersion, title: 'Prompt version', allValue: '.*' },
  ],
  /** Trust score below `warning` turns yellow, below `critical` red (ratio 0–1). */
  trustScore: { warning: 0.8, critical: 0.6 },
  /** Window of the rolling trust-score trend line. */
  trustTrendWindow: '1d',
  /** Share of failed turns that is worth a look, and that is bad. */
  turnErrorRatio: { warning: 0.02, critical: 0.05 },
  /** Share of answers regenerated that is worth a look, and that is bad. */
  regenerationRatio: { warning: 0.05, critical: 0.15 },
  /** Turn latency P95, in seconds. */
  turnLatencySeconds: { warning: 5, critical: 15 },
  /** Conversations abandoned or escalated, as a share of those ended. */
  unhappyConversationRatio: { warning: 0.2, critical: 0.4 },
  /** Collector receiver latency (seconds): the ingest P99 target is 20 ms. */
  receiverLatencySeconds: { warning: 0.02, critical: 0.1 },
  /** Seconds since the newest remote-written sample. */
  remoteWriteLagSeconds: { warning: 60, critical: 300 },
  /** Exporter queue fill (0–1). */
  exporterQueueFill: { warning: 0.5, critical: 0.8 },
  /** Collector resident memory, bytes. */
  collectorMemoryBytes: { warning: 512 * 1024 ** 2, critical: 1024 ** 3 },
  /** Collector CPU, cores. */
  collectorCpuCores: { warning: 0.7, critical: 0.9 },
  /**
   * The longest range the dashboards and the app are built and benchmarked for (the 30-day
   * query budget), and how long Prometheus keeps samples: that range and the period before it,
   * which the change panels read, with room to spare. Prometheus's own default keeps 15 days.
   */
  longestRange: '30d',
  prometheusRetention: '90d',
  /** Analytics query latency (seconds): the target is P95 ≤ 15 ms. */
  analyticsQuerySeconds: { warning: 0.015, critical: 0.05 },
  /** Where the dashboards provider finds the JSON files inside the Grafana container. */
  dashboardsPathInGrafana: '/etc/grafana/dashboards/bilan',
  /** Grafana folder the dashboards land in, the same title the alert rules name. */
  folder: { title: 'Bilan' },
} as const;

export type DashboardConfig = typeof dashboardConfig;
export type VariableSpec = DashboardConfig['variables'][number];
