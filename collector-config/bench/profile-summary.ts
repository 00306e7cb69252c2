import type { K6Summary } from './k6-summary';
import type { LoadProfile } from './load-profile';

/** What k6 measured in one phase of a load profile. */
export interface PhaseFigures {
  phase: string;
  requests: number;
  /** Requests per second over the phase's planned length. */
  ratePerSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  failedShare: number;
}

/** One pass mark of the profile and whether the run met it (k6's own verdict). */
export interface ThresholdResult {
  metric: string;
  threshold: string;
  ok: boolean;
}

/** Figures per phase, from the sub-metrics ingest.js tags with each request's phase. */
export function summarisePhases(summary: K6Summary, profile: LoadProfile): PhaseFigures[] {
  const stat = (metric: string, name: string) => summary.metrics?.[metric]?.values?.[name] ?? 0;
  return profile.phases.map(({ name, seconds }) => {
    const requests = stat(`http_reqs{phase:${name}}`, 'count');
    const duration = `http_req_duration{phase:${name}}`;
    return {
      phase: name,
      requests,
      ratePerSecond: requests / seconds,
      p50Ms: stat(duration, 'med'),
      p95Ms: stat(duration, 'p(95)'),
      p99Ms: stat(duration, 'p(99)'),
      failedShare: stat(`http_req_failed{phase:${name}}`, 'rate'),
    };
  });
}

/** The profile's thresholds as k6 judged them; a threshold missing from the summary is a failure. */
export function thresholdResults(summary: K6Summary, thresholds: Record<string, string[]>): ThresholdResult[] {
  return Object.entries(thresholds).flatMap(([metric, marks]) =>
    marks.map((threshold) => ({
      metric,
      threshold,
      ok: summary.metrics?.[metric]?.thresholds?.[threshold]?.ok === true,
    })),
  );
}
