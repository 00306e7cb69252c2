import type { ExtractedQuery } from './extract';
import type { TemplateValues } from './template';

/** Dashboard variables with the value "All" sends, for running or parsing queries outside Grafana. */
export function allValues(dashboard: {
  templating?: { list?: Array<{ name: string; type: string; allValue?: string; query?: unknown }> };
}): Record<string, string> {
  return Object.fromEntries(
    (dashboard.templating?.list ?? []).map((v) => [
      v.name,
      v.type === 'query' ? (v.allValue ?? '.*') : String(v.query ?? ''),
    ]),
  );
}

/** Template values for a check: "All" everywhere, the given range and interval. */
export function checkValues(
  dashboard: Parameters<typeof allValues>[0],
  range: string,
  interval: string,
): TemplateValues {
  return { variables: allValues(dashboard), range, interval };
}

/** `label_values(selector, label)` → `count by (label) (selector)`, which Prometheus can run. */
export function variableQueryToPromql(query: ExtractedQuery): string {
  if (!query.variable) return query.text;
  const match = /^label_values\((.+),\s*(\w+)\)$/s.exec(query.text);
  if (!match) throw new Error(`${query.where}: not a label_values() query: ${query.text}`);
  return `count by (${match[2]}) (${match[1]})`;
}
