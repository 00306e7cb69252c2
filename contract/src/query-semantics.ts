/**
 * What the numbers mean, in one place for the app, the dashboards and the alerts: how a
 * count over a range is read from a counter, how a ratio of two counts reads when one side
 * is missing, how a vote's rating follows from its score, and which name Loki gives an
 * attribute. The Collector's OTTL follows `ratingOf` too (collector-config/otelcol-config.yaml).
 */

import type { Rating } from './events';

/** `[range]`, then ` offset x` when the range ends before the evaluation time. */
function renderRange(range: string, offset: string): string {
  return offset ? `[${range}] offset ${offset}` : `[${range}]`;
}

/** `sum` or `sum by (a, b)`. */
function renderSum(by: readonly string[]): string {
  return by.length === 0 ? 'sum' : `sum by (${by.join(', ')})`;
}

/**
 * Per series, the number of events a counter's samples carry within `range` (ending
 * `offset` before the evaluation time). The Collector writes each flush's count as a sample
 * of its own (collector-config/README.md, "Counting"), so the count is the sum of the
 * samples inside the range: an exact integer. Prometheus 3 ranges leave out their left
 * edge, so back-to-back ranges never count a sample twice.
 */
export function countOverRange(selector: string, range: string, offset = ''): string {
  return `sum_over_time(${selector}${renderRange(range, offset)})`;
}

/** `countOverRange` summed over every series, or per `by` labels. */
export function sumCountOverRange(selector: string, range: string, by: readonly string[] = [], offset = ''): string {
  return `${renderSum(by)} (${countOverRange(selector, range, offset)})`;
}

/**
 * `part` ÷ `whole`, two count vectors aggregated by the same labels. Where `whole` has
 * events but `part` has no series (a feature whose every vote is negative), the ratio is
 * 0, not missing; where `whole` has no series there is no value at all, so "no votes"
 * shows only when there are none. A count sums samples that each carry at least one
 * event, so a `whole` that has a series is never 0: no `> 0` guard, which would read
 * `whole` a third time (a ratio by feature over 30 days took half as long again).
 */
export function ratioOrZero(part: string, whole: string): string {
  return `((${part}) or 0 * (${whole})) / (${whole})`;
}

/**
 * The share of the events counted in `whole` whose `label` is `value`, per `by`: the same
 * semantics as `ratioOrZero` (0 where `whole` has events and none of them has `value`,
 * nothing where `whole` has none) for a part that is a subset of the whole by one label.
 * `counts` holds the same events' counts per `by` and `label`, whose values are all among
 * `values`. The part weighs `counts` by a constant per value (1 for `value`, 0 for the
 * others), so a group whose every event has another value sums to 0 with no fallback: the
 * counts are read twice, not three times (a 30-day trust score, P50 10.2 → 7.0 ms).
 */
export function shareOrZero(
  counts: string,
  label: string,
  value: string,
  values: readonly string[],
  whole: string,
  by: readonly string[] = [],
): string {
  if (!values.includes(value))
    throw new Error(`shareOrZero: ${value} is not one of ${label}'s values ${values.join(', ')}`);
  const weights = values
    .map((v) => `label_replace(vector(${v === value ? 1 : 0}), ${JSON.stringify(label)}, ${JSON.stringify(v)}, "", "")`)
    .join(' or ');
  return `${renderSum(by)} ((${counts}) * on (${label}) group_left () (${weights})) / (${whole})`;
}

/**
 * A vote's rating: its label when that is `positive` or `negative`, else the sign of
 * its score (a number, a numeric string, or a boolean as 1 / 0, as OTTL's `Double()` reads
 * it). A score of 0, or a missing or non-numeric one with no such label, is no rating: the
 * vote is not counted in any trust figure (the SDK refuses a 0 without a scale for the same
 * reason: neutral is not a sign of trust).
 */
export function ratingOf(label: unknown, score: unknown): Rating | undefined {
  if (label === 'positive' || label === 'negative') return label;
  const value = readScore(score);
  if (value === undefined || value === 0) return undefined;
  return value > 0 ? 'positive' : 'negative';
}

function readScore(score: unknown): number | undefined {
  if (typeof score === 'boolean') return score ? 1 : 0;
  const value = typeof score === 'string' && score.trim() !== '' ? Number(score) : score;
  return typeof value === 'number' && !Number.isNaN(value) ? value : undefined;
}

/**
 * The name Loki gives an OTLP attribute it stores as a label or structured metadata.
 * Loki 3.5 (pkg/loghttp/push/otlp.go, `attributeToLabels`) calls Prometheus's
 * `otlptranslator/prometheus.NormalizeLabel` (v0.302.1): every character outside
 * `[a-zA-Z0-9_]` becomes `_`, then a leading digit gets `key_` in front and a single
 * leading `_` gets `key`; a leading `__` stays.
 */
export function toLokiLabel(attribute: string): string {
  if (attribute === '') return attribute;
  // One `_` per code point, as Go's regexp replaces runes, not UTF-16 units.
  const name = attribute.replace(/[^a-zA-Z0-9_]/gu, '_');
  if (/^[0-9]/.test(name)) return `key_${name}`;
  if (name.startsWith('_') && !name.startsWith('__')) return `key${name}`;
  return name;
}
