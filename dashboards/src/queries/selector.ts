import type { SeriesSpec } from '@bilan/contract';
import type { VariableSpec } from '../config';

/** An exact (`=`) or regex (`=~`) matcher on one label. */
export interface LabelMatcher {
  readonly label: string;
  readonly op: '=' | '=~' | '!=' | '!~';
  readonly value: string;
}

/** Renders `{a="x",b=~"y"}`; an empty list renders `{}`-less nothing so `name{}` never appears. */
export function renderMatchers(matchers: readonly LabelMatcher[]): string {
  if (matchers.length === 0) return '';
  return `{${matchers.map((m) => `${m.label}${m.op}${JSON.stringify(m.value)}`).join(', ')}}`;
}

/** One `=~"$variable"` matcher for every template variable whose label the series carries. */
export function variableMatchers(series: SeriesSpec, variables: readonly VariableSpec[]): LabelMatcher[] {
  return variables
    .filter((v) => series.labels.includes(v.label))
    .map((v) => ({ label: v.label, op: '=~' as const, value: `$${v.name}` }));
}

/**
 * `series_name{<variable matchers>, <extra>}`: the series filtered by the dashboard's
 * variables. `suffix` selects `_bucket`/`_count`/`_sum` of a histogram.
 */
export function selectSeries(
  series: SeriesSpec,
  variables: readonly VariableSpec[],
  extra: readonly LabelMatcher[] = [],
  suffix: '' | '_bucket' | '_count' | '_sum' = '',
  /** Labels the series lacks that `extra` may still match (absent reads as ""). */
  absent: readonly string[] = [],
): string {
  for (const m of extra) {
    if (!series.labels.includes(m.label) && !absent.includes(m.label))
      throw new Error(`${series.name} has no label ${m.label}`);
  }
  const name = series.type === 'histogram' ? `${series.name}${suffix}` : series.name;
  return `${name}${renderMatchers([...variableMatchers(series, variables), ...extra])}`;
}
