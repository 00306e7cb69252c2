/**
 * What Grafana does to a query before it reaches the data source: range macros
 * become durations and `$variables` their values. Checks run on the result.
 */
export const MACRO_VALUES: Record<string, string> = {
  __range: '1h',
  __rate_interval: '1m',
  __interval: '30s',
};

export function interpolate(query: string, variables: Record<string, string> = {}): string {
  return query.replace(/\$(\w+)/g, (whole, name: string) => MACRO_VALUES[name] ?? variables[name] ?? whole);
}
