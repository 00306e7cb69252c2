import { CLOCK_VARIABLES } from './queries/exact-count';
import { PHASE_QUERY, ROLLUP_WINDOW, rollupClockSeconds } from './recording-rules';

/**
 * The roll-ups' clock variables as Grafana would hold them for a range ending at `toMs`,
 * read from a real Prometheus whose roll-up group runs every `interval`: the phase from the
 * series the group records, queried the way Grafana's Prometheus data source runs a
 * `query_result()` variable (an instant query at the range's end rounded up to the second,
 * public/app/plugins/datasource/prometheus/metric_find_query.ts `queryResultQuery`).
 */
export async function readRollupClock(
  prometheusUrl: string,
  toMs: number,
  interval = ROLLUP_WINDOW,
): Promise<Record<string, string>> {
  const params = new URLSearchParams({ query: PHASE_QUERY, time: String(Math.ceil(toMs / 1000)) });
  const res = await fetch(`${prometheusUrl}/api/v1/query?${params}`);
  const body = (await res.json()) as { status: string; error?: string; data?: { result: [number, string] } };
  if (body.status !== 'success' || !body.data)
    throw new Error(`reading the roll-ups' phase: ${body.error ?? res.status}`);
  const clock = rollupClockSeconds(interval);
  return {
    [CLOCK_VARIABLES.window]: String(clock.window),
    [CLOCK_VARIABLES.margin]: String(clock.margin),
    [CLOCK_VARIABLES.phase]: body.data.result[1],
  };
}

/**
 * The same clock with a margin as long as the range: every count then reads the raw samples
 * alone, no roll-up. What the roll-ups must agree with, exactly.
 */
export function rawOnlyClock(clock: Record<string, string>, rangeSeconds: number): Record<string, string> {
  return { ...clock, [CLOCK_VARIABLES.margin]: String(rangeSeconds) };
}
