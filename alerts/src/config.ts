import { COLLECTOR_METRIC, COLLECTOR_SCRAPE_JOB } from '@bilan/contract';

/**
 * The one config that drives every Bilan alert and recording rule (and the
 * dashboards that reuse the recording rules). Selectors, thresholds and `for`
 * durations live here, never inside the rule expressions.
 */
/** Where one backend of the read path reports its query latency. */
export interface QueryLatencySource {
  /** Backend name, for the docs. */
  backend: string;
  /** `histogram`: classic buckets, quantile computed by the rule; `summary`: the selector picks a ready quantile. */
  kind: 'histogram' | 'summary';
  /** Metric name (histogram: without `_bucket`). */
  metric: string;
  /** Label matchers restricting it to query requests. */
  selector: string;
}

export interface AlertsConfig {
  /** Label matchers selecting the Collector's own metrics (its /metrics scrape job). */
  collectorSelector: string;
  /** Label matchers selecting the Collector's OTLP/HTTP ingest requests inside its HTTP server histogram. */
  collectorIngestSelector: string;
  /** Prometheus name of the Collector's HTTP server request-duration histogram (without `_bucket`). */
  collectorHttpDurationMetric: string;
  /** Prometheus name of the Collector exporters' sending-queue size gauge. */
  collectorQueueSizeMetric: string;
  /** The Collector counters of items it refused, failed to accept, or failed to send (or to queue). */
  collectorLossMetrics: readonly string[];
  /** Query latency of the analytics read path, one entry per backend (Prometheus, Loki, Tempo). */
  queryLatency: readonly QueryLatencySource[];
  /** Collector ingest latency quantile and threshold in seconds (target: API P99 ≤ 50 ms). */
  ingestLatency: { quantile: number; thresholdSeconds: number; for: string };
  /** Query latency quantile and threshold in seconds (target: query P95 ≤ 30 ms). */
  queryLatencyThreshold: { quantile: number; thresholdSeconds: number; for: string };
  /** Exporter queue items above which the pipeline is backing up (alert on a backlog > 1000 for 2m). */
  backlog: { threshold: number; for: string };
  /** Browser page-load quantile and threshold in seconds (alert on a frontend P95 > 3 s for 10m). */
  pageLoad: { quantile: number; thresholdSeconds: number; for: string };
  /** Window of the short rates: error ratios, latency quantiles, event loss. */
  rateWindow: string;
  /** Window of the short trust score the alerts compare; also the vote-volume window. */
  trustWindow: string;
  /** Window of the long trust baseline a feature is compared with. */
  trustBaselineWindow: string;
  /** Trust score (positive share of votes) under which a feature alerts. */
  trustScoreMin: number;
  /** Votes a feature needs within `trustWindow` before any trust alert may fire: 3 votes never page anyone. */
  trustMinVotes: number;
  /** Share of its baseline a feature's trust may lose before alerting (0.2 = a 20 % relative drop). */
  trustDropShare: number;
  /** `for` of the trust-score-low and trust-dropped alerts. */
  trustFor: string;
  /** Share of failed AI turns above which a feature alerts. */
  turnErrorRatioMax: number;
  /** Turns a feature needs within `rateWindow` before the error-rate alert may fire. */
  turnErrorMinTurns: number;
  /** `for` of the turn-error-rate alert. */
  turnErrorFor: string;
  /** Silence window: no event at all within it counts as the pipeline being dead. */
  pipelineDeadWindow: string;
  /** `for` of the pipeline-dead alert; window + for = minutes without any event before paging. */
  pipelineDeadFor: string;
  /** How far back "normal traffic" is looked for, ending where the silence window starts. */
  pipelineNormalWindow: string;
  /** Events within `pipelineNormalWindow` that count as normal traffic (guards idle test environments). */
  pipelineNormalMinEvents: number;
  /** `for` of the SDK and Collector event-loss alerts. */
  eventLossFor: string;
  /** Evaluation interval of every rule group. */
  evaluationInterval: string;
  /** Base URL of the runbook; each alert links to its own section. */
  runbookUrl: string;
  /** Base URL of Grafana, for the dashboard links. */
  grafanaUrl: string;
  /** Grafana folder the provisioned rules live in. */
  grafanaFolder: string;
  /** Where notifications go. Grafana reads the secrets from these environment variables at provisioning time. */
  notify: {
    /** Env var holding the pager webhook URL that critical alerts call. */
    pagerWebhookUrlEnv: string;
    /** Env var holding the on-call e-mail address(es) for critical alerts. */
    oncallEmailEnv: string;
    /** Env var holding the team e-mail address(es) that receive warnings. */
    teamEmailEnv: string;
    /** Webhook base URL of the local stack's Alertmanager receivers (`/critical`, `/warning` appended). */
    alertmanagerWebhookUrl: string;
    /** Wait before the first notification of a new critical group, and its repeat interval. */
    critical: { groupWait: string; repeatInterval: string };
    /** Same for warnings: slower, so they batch up. */
    warning: { groupWait: string; repeatInterval: string };
  };
}

export const defaultConfig: AlertsConfig = {
  collectorSelector: `job="${COLLECTOR_SCRAPE_JOB}"`,
  collectorIngestSelector: `job="${COLLECTOR_SCRAPE_JOB}", http_route=~"/v1/(logs|traces|metrics)"`,
  collectorHttpDurationMetric: COLLECTOR_METRIC.httpServerRequestDuration,
  collectorQueueSizeMetric: COLLECTOR_METRIC.exporterQueueSize,
  // Refused or failed in the receiver, failed to send or to enqueue in an exporter: every way an item is lost.
  collectorLossMetrics: Object.entries(COLLECTOR_METRIC)
    .filter(([key]) => /^(receiverRefused|receiverFailed|exporterSendFailed|exporterEnqueueFailed)/.test(key))
    .map(([, name]) => name),
  queryLatency: [
    // Prometheus times queries with a summary (quantiles 0.5, 0.9, 0.99 only): its 0.99 stands in for the P95,
    // erring towards paging. Its HTTP histogram cannot serve: its first bucket (100 ms) is above the threshold.
    {
      backend: 'prometheus',
      kind: 'summary',
      metric: 'prometheus_engine_query_duration_seconds',
      selector: 'slice="inner_eval", quantile="0.99"',
    },
    {
      backend: 'loki',
      kind: 'histogram',
      metric: 'loki_request_duration_seconds',
      selector: 'route=~"loki_api_v1_query|loki_api_v1_query_range"',
    },
    {
      backend: 'tempo',
      kind: 'histogram',
      metric: 'tempo_request_duration_seconds',
      selector: 'route=~"api_search.*|api_traces_traceid|api_v2_traces_traceid"',
    },
  ],
  ingestLatency: { quantile: 0.99, thresholdSeconds: 0.05, for: '5m' },
  queryLatencyThreshold: { quantile: 0.95, thresholdSeconds: 0.03, for: '5m' },
  backlog: { threshold: 1000, for: '2m' },
  pageLoad: { quantile: 0.95, thresholdSeconds: 3, for: '10m' },
  rateWindow: '5m',
  trustWindow: '1h',
  trustBaselineWindow: '7d',
  trustScoreMin: 0.6,
  trustMinVotes: 20,
  trustDropShare: 0.2,
  trustFor: '15m',
  turnErrorRatioMax: 0.05,
  turnErrorMinTurns: 15,
  turnErrorFor: '10m',
  pipelineDeadWindow: '5m',
  pipelineDeadFor: '5m',
  pipelineNormalWindow: '1d',
  pipelineNormalMinEvents: 100,
  eventLossFor: '10m',
  evaluationInterval: '1m',
  runbookUrl: 'https://bilan.example.com/docs/alerts/RUNBOOK.md',
  grafanaUrl: 'http://localhost:3000',
  grafanaFolder: 'Bilan',
  notify: {
    pagerWebhookUrlEnv: 'BILAN_PAGER_WEBHOOK_URL',
    oncallEmailEnv: 'BILAN_ONCALL_EMAIL',
    teamEmailEnv: 'BILAN_TEAM_EMAIL',
    alertmanagerWebhookUrl: 'http://127.0.0.1:9099/bilan',
    critical: { groupWait: '10s', repeatInterval: '1h' },
    warning: { groupWait: '1m', repeatInterval: '12h' },
  },
};
