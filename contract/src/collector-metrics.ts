/**
 * Internal metrics of our Collector build (otelcol-bilan v0.160.0), as its Prometheus endpoint
 * (`service.telemetry.metrics.readers`, level `detailed`) exposes them. Read from a real
 * /metrics scrape: this version adds no `_total` or unit suffixes. Labels worth knowing:
 * receiver metrics carry `receiver` and `transport`; exporter metrics carry `exporter`
 * (e.g. `otlp_http/loki`) and the queue gauges also `data_type` (`logs`/`traces`/`metrics`);
 * the HTTP server histogram carries `http_route` (`/v1/logs`, `/v1/traces`, `/v1/metrics`) and
 * `http_response_status_code`. The stack's Prometheus scrapes them under job `otelcol-bilan`.
 */
export const COLLECTOR_METRIC = {
  /** Counters of items the OTLP receiver accepted, per signal. */
  receiverAcceptedLogRecords: 'otelcol_receiver_accepted_log_records',
  receiverAcceptedSpans: 'otelcol_receiver_accepted_spans',
  receiverAcceptedMetricPoints: 'otelcol_receiver_accepted_metric_points',
  /** Counters of items the receiver refused (memory limiter pushing back, bad downstream). */
  receiverRefusedLogRecords: 'otelcol_receiver_refused_log_records',
  receiverRefusedSpans: 'otelcol_receiver_refused_spans',
  receiverRefusedMetricPoints: 'otelcol_receiver_refused_metric_points',
  /**
   * Counters of items the memory limiter refused (the receiver's refused counters also count a full
   * sending queue). They appear after a first refusal.
   */
  memoryLimiterRefusedLogRecords: 'otelcol_processor_memory_limiter_refused_log_records',
  memoryLimiterRefusedSpans: 'otelcol_processor_memory_limiter_refused_spans',
  /** Counters of items that failed inside the receiver's pipeline. */
  receiverFailedLogRecords: 'otelcol_receiver_failed_log_records',
  receiverFailedSpans: 'otelcol_receiver_failed_spans',
  /** Items an exporter delivered. */
  exporterSentLogRecords: 'otelcol_exporter_sent_log_records',
  exporterSentSpans: 'otelcol_exporter_sent_spans',
  exporterSentMetricPoints: 'otelcol_exporter_sent_metric_points',
  /** Items an exporter gave up on (counted once retries are exhausted or the error is permanent; not while retrying). */
  exporterSendFailedLogRecords: 'otelcol_exporter_send_failed_log_records',
  exporterSendFailedSpans: 'otelcol_exporter_send_failed_spans',
  exporterSendFailedMetricPoints: 'otelcol_exporter_send_failed_metric_points',
  /** Gauges of the sending queue: current size and capacity (labels exporter, data_type). */
  exporterQueueSize: 'otelcol_exporter_queue_size',
  exporterQueueCapacity: 'otelcol_exporter_queue_capacity',
  /** Items the queue refused because it was full. */
  exporterEnqueueFailedLogRecords: 'otelcol_exporter_enqueue_failed_log_records',
  exporterEnqueueFailedSpans: 'otelcol_exporter_enqueue_failed_spans',
  /** Histogram of items per batch the exporters' sending queues sent (label `exporter`). */
  batchSendSize: 'otelcol_exporter_queue_batch_send_size',
  /** Histogram (seconds) of OTLP/HTTP request handling: the ingest latency. */
  httpServerRequestDuration: 'http_server_request_duration',
  /** Process resources. `process_cpu_seconds` is a counter; rss in bytes. */
  processCpuSeconds: 'otelcol_process_cpu_seconds',
  processMemoryRss: 'otelcol_process_memory_rss',
  processHeapAllocBytes: 'otelcol_process_runtime_heap_alloc_bytes',
  processUptime: 'otelcol_process_uptime',
  /** Contract series state in delta_to_cumulative: tracked streams vs their limit. */
  seriesStreamsTracked: 'otelcol_deltatocumulative_streams_tracked',
  seriesStreamsLimit: 'otelcol_deltatocumulative_streams_limit',
} as const;

/**
 * The Collector's own second-stage receiver (`receiver` label of the receiver metrics): it takes
 * the pipeline's label copies back on loopback, so what apps sent is every receiver but this one.
 */
export const COUNTS_RECEIVER = 'otlp/counts';

/** Label matcher of the receivers apps send to (`otlp`, and `otlp/browser` in production). */
export const INGEST_RECEIVERS_MATCHER = `receiver!="${COUNTS_RECEIVER}"`;

/** Prometheus job name under which the stack scrapes the Collector's own metrics. */
export const COLLECTOR_SCRAPE_JOB = 'otelcol-bilan';
