import { CLOCK_VARIABLES, clockVariableSpecs } from './queries/exact-count';
import { ROLLUP_WINDOW } from './recording-rules';

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
  const values: Record<string, string> = {};
  for (const v of clockVariableSpecs(interval, windowsPerDay)) {
    values[v.name] = 'seconds' in v ? String(v.seconds) : await scalarAt(prometheusUrl, v.scalar, toMs);
  }
  return values;
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
