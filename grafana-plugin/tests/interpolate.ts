import { readRollupClock } from '@bilan/dashboards/src/rollup-clock';

/**
 * What Grafana does to a query before it reaches the data source: range macros
 * become durations and `$variables` / `${variables}` their values. Checks run on the result.
 */
const MACRO_VALUES: Record<string, string> = {
  __range: '1h',
  __rate_interval: '1m',
  __interval: '30s',
};

export function interpolate(query: string, variables: Record<string, string> = {}): string {
  return query.replace(
    /\$\{(\w+)\}|\$(\w+)/g,
    (whole, braced: string | undefined, bare: string | undefined) =>
      MACRO_VALUES[(braced ?? bare) as string] ?? variables[(braced ?? bare) as string] ?? whole,
  );
}

/**
 * An instant query's moment as Grafana sends it: the range's end now (`${__to}`, and the
 * `time` to query at), with the roll-ups' clock variables read from Prometheus at that end.
 */
export async function endingNow(
  prometheusUrl: string,
  rollupInterval: string,
): Promise<{ timeSeconds: number; variables: Record<string, string> }> {
  const to = Date.now();
  const clock = await readRollupClock(prometheusUrl, to, rollupInterval);
  return { timeSeconds: to / 1000, variables: { __to: String(to), ...clock } };
}
