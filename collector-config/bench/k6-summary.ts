/** The seed's targets for OTLP ingest: P99 latency and error rate. */
const INGEST_TARGET = { p99Ms: 20, errorRate: 0 } as const;

/** What one k6 run of ingest.js measured. */
export interface IngestFigures {
  targetRate: number;
  requests: number;
  logsRequests: number;
  tracesRequests: number;
  /** Requests per second actually sent. */
  achievedRate: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  failedRequests: number;
  /** Iterations k6 could not start on time (it ran out of VUs): the load generator fell behind. */
  droppedIterations: number;
  maxVus: number;
  bytesSentPerRequest: number;
}

interface K6Metric {
  values?: Record<string, number>;
  thresholds?: Record<string, { ok: boolean }>;
}
export interface K6Summary {
  metrics?: Record<string, K6Metric | undefined>;
}

/** Condenses the JSON that ingest.js's handleSummary writes into the figures the bench reports. */
export function summariseK6(summary: K6Summary, targetRate: number): IngestFigures {
  const metric = (name: string, stat: string) => summary.metrics?.[name]?.values?.[stat] ?? 0;
  const requests = metric('http_reqs', 'count');
  if (!summary.metrics?.http_reqs) throw new Error('k6 summary has no http_reqs: did the script run at all?');
  return {
    targetRate,
    requests,
    logsRequests: metric('http_reqs{signal:logs}', 'count'),
    tracesRequests: metric('http_reqs{signal:traces}', 'count'),
    achievedRate: metric('http_reqs', 'rate'),
    p50Ms: metric('http_req_duration', 'med'),
    p95Ms: metric('http_req_duration', 'p(95)'),
    p99Ms: metric('http_req_duration', 'p(99)'),
    maxMs: metric('http_req_duration', 'max'),
    failedRequests: metric('http_req_failed', 'passes'),
    droppedIterations: metric('dropped_iterations', 'count'),
    maxVus: metric('vus_max', 'max'),
    bytesSentPerRequest: requests > 0 ? metric('data_sent', 'count') / requests : 0,
  };
}

/** Whether a run met the target: P99 within budget, no failed request, nothing dropped by k6. */
export function meetsTarget(f: IngestFigures): boolean {
  return f.p99Ms <= INGEST_TARGET.p99Ms && f.failedRequests === 0 && f.droppedIterations === 0 && f.requests > 0;
}

/** The highest target rate of a step-up whose run met the target, or 0 when none did. */
export function maxSustainableRate(steps: readonly IngestFigures[]): number {
  return Math.max(0, ...steps.filter(meetsTarget).map((f) => f.targetRate));
}
