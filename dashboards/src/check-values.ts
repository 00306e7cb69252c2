import type { ExtractedQuery } from './extract';
import type { TemplateValues } from './template';

/**
 * Dashboard variables with the value "All" sends, for running or parsing queries outside
 * Grafana. A variable read from a query's result (the roll-ups' phase) has no such value:
 * the caller gives it.
 */
export function allValues(dashboard: {
  templating?: { list?: Array<{ name: string; type: string; allValue?: string; query?: unknown }> };
}): Record<string, string> {
  return Object.fromEntries(
    (dashboard.templating?.list ?? [])
      .filter((v) => queryResultPromql(String(v.query ?? '')) === undefined)
      .map((v) => [v.name, v.type === 'query' ? (v.allValue ?? '.*') : String(v.query ?? '')]),
  );
}

/**
 * Template values for a check: "All" everywhere unless `chosen` picks a value, the given
 * range and interval, and the range's end `to` (milliseconds) when given.
 */
export function checkValues(
  dashboard: Parameters<typeof allValues>[0],
  range: string,
  interval: string,
  chosen: Readonly<Record<string, string>> = {},
  to?: number,
): TemplateValues {
  return { variables: { ...allValues(dashboard), ...chosen }, range, interval, ...(to === undefined ? {} : { to }) };
}

/** The parts of `label_values(selector, label)`: what Grafana asks Prometheus's label-values API. */
export function parseLabelValues(query: ExtractedQuery): { selector: string; label: string } {
  const match = /^label_values\((.+),\s*(\w+)\)$/s.exec(query.text);
  if (!match) throw new Error(`${query.where}: not a label_values() query: ${query.text}`);
  return { selector: match[1] as string, label: match[2] as string };
}

/** The PromQL inside a `query_result(...)` variable query, or undefined for any other query. */
export function queryResultPromql(text: string): string | undefined {
  return /^query_result\((.+)\)$/s.exec(text)?.[1];
}

/**
 * `label_values(selector, label)` → `count by (label) (selector)`, which Prometheus can run;
 * `query_result(expr)` → `expr`.
 */
export function variableQueryToPromql(query: ExtractedQuery): string {
  if (!query.variable) return query.text;
  const result = queryResultPromql(query.text);
  if (result !== undefined) return result;
  const { selector, label } = parseLabelValues(query);
  return `count by (${label}) (${selector})`;
}
