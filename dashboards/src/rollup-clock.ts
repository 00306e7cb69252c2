import { CLOCK_VARIABLES } from './queries/exact-count';
import { dayClockQueries, dayClockSeconds, PHASE_QUERY, ROLLUP_WINDOW, rollupClockSeconds } from './recording-rules';

/** A scalar instant query, as Grafana's Prometheus data source runs a `query_result()` variable. */
async function scalarAt(prometheusUrl: string, query: string, toMs: number): Promise<string> {
  const params = new URLSearchParams({ query, time: String(Math.ceil(toMs / 1000)) });
  const res = await fetch(`${prometheusUrl}/api/v1/query?${params}`);
  const body = (await res.json()) as { status: string; error?: string; data?: { result: [number, string] } };
  if (body.status !== 'success' || !body.data)
    throw new Error(`reading the roll-ups' clock: ${body.error ?? res.status}`);
  return body.data.result[1];
}

/**
 * The roll-ups' clock variables as Grafana would hold them for a range ending at `toMs`,
 * read from a real Prometheus whose hourly roll-up group runs every `interval` (and whose
 * daily one sums `windowsPerDay` of its windows, 24 unless a test shortens its days): the phases
 * from the series the groups record, queried the way Grafana's Prometheus data source runs a
 * `query_result()` variable (an instant query at the range's end rounded up to the second,
 * public/app/plugins/datasource/prometheus/metric_find_query.ts `queryResultQuery`).
 */
export async function readRollupClock(
  prometheusUrl: string,
  toMs: number,
  interval = ROLLUP_WINDOW,
  windowsPerDay?: number,
): Promise<Record<string, string>> {
  const clock = rollupClockSeconds(interval);
  const day = dayClockSeconds(interval, windowsPerDay);
  const dayQueries = dayClockQueries(interval);
  return {
    [CLOCK_VARIABLES.window]: String(clock.window),
    [CLOCK_VARIABLES.margin]: String(clock.margin),
    [CLOCK_VARIABLES.phase]: await scalarAt(prometheusUrl, PHASE_QUERY, toMs),
    [CLOCK_VARIABLES.dayWindow]: String(day.window),
    [CLOCK_VARIABLES.dayMargin]: String(day.margin),
    [CLOCK_VARIABLES.dayPhase]: await scalarAt(prometheusUrl, dayQueries.phase, toMs),
    [CLOCK_VARIABLES.dayLag]: await scalarAt(prometheusUrl, dayQueries.lag, toMs),
  };
}

/**
 * The same clock with margins as long as the range: every count then reads the raw samples
 * alone, no roll-up. What the roll-ups must agree with, exactly. (The daily margin must not be
 * below the hourly one: `splitDays`.)
 */
export function rawOnlyClock(clock: Record<string, string>, rangeSeconds: number): Record<string, string> {
  return {
    ...clock,
    [CLOCK_VARIABLES.margin]: String(rangeSeconds),
    [CLOCK_VARIABLES.dayMargin]: String(rangeSeconds),
  };
}
