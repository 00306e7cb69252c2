/**
 * Collector internal metric names as Prometheus scrapes them (Collector v0.160 line,
 * `service.telemetry.metrics` Prometheus reader, level `detailed`).
 * Stand-in until `contract/src/collector-metrics.ts` (COLLECTOR_METRIC) lands; the
 * real-Prometheus test checks every name below against a running Collector.
 */
export const COLLECTOR_METRIC = {
  receiverAccepted: {
    spans: 'otelcol_receiver_accepted_spans_total',
    log_records: 'otelcol_receiver_accepted_log_records_total',
    metric_points: 'otelcol_receiver_accepted_metric_points_total',
  },
  receiverRefused: {
    spans: 'otelcol_receiver_refused_spans_total',
    log_records: 'otelcol_receiver_refused_log_records_total',
    metric_points: 'otelcol_receiver_refused_metric_points_total',
  },
  exporterSendFailed: {
    spans: 'otelcol_exporter_send_failed_spans_total',
    log_records: 'otelcol_exporter_send_failed_log_records_total',
    metric_points: 'otelcol_exporter_send_failed_metric_points_total',
  },
  exporterQueueSize: 'otelcol_exporter_queue_size',
  exporterQueueCapacity: 'otelcol_exporter_queue_capacity',
  batchSendSizeBucket: 'otelcol_processor_batch_batch_send_size_bucket',
  httpServerDurationBucket: 'http_server_request_duration_seconds_bucket',
  processMemoryRss: 'otelcol_process_memory_rss_bytes',
  processCpuSeconds: 'otelcol_process_cpu_seconds_total',
} as const;
