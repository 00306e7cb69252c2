/**
 * Every PromQL the app issues, built from the contract's series and label names.
 * Filters are regular expressions (Grafana renders a multi-value variable such
 * as `$feature` to one), applied only to the series that carry that label.
 */
import { LABEL, ratioOrZero, SERIES, type SeriesSpec, sumCountOverRange } from '@bilan/contract';

export type FilterKey = 'serviceName' | 'environment' | 'feature' | 'model' | 'promptVersion';
export type LabelFilters = Partial<Record<FilterKey, string>>;

/** Grafana's range macros: the whole picked range, a safe rate window (latency histograms), one step. */
export const RANGE = { whole: '$__range', rate: '$__rate_interval', step: '$__interval' } as const;

const FILTER_LABEL: Record<FilterKey, string> = {
  serviceName: LABEL.serviceName,
  environment: LABEL.environment,
  feature: LABEL.feature,
  model: LABEL.model,
  promptVersion: LABEL.promptVersion,
};

/** A PromQL string literal; Go's escapes are a superset of JSON's, so JSON quoting is exact. */
export function quotePromQLString(value: string): string {
  return JSON.stringify(value);
}

/** `name{label=~"filter", …, fixed="value"}` with only the labels `series` has. */
export function renderSelector(
  series: SeriesSpec,
  filters: LabelFilters,
  fixed: Record<string, string> = {},
  suffix = '',
): string {
  const matchers: string[] = [];
  for (const [key, label] of Object.entries(FILTER_LABEL) as [FilterKey, string][]) {
    const value = filters[key];
    if (value !== undefined && value !== '' && series.labels.includes(label)) {
      matchers.push(`${label}=~${quotePromQLString(value)}`);
    }
  }
  for (const [label, value] of Object.entries(fixed)) {
    if (!series.labels.includes(label)) throw new Error(`${series.name} has no label ${label}`);
    matchers.push(`${label}=${quotePromQLString(value)}`);
  }
  return `${series.name}${suffix}{${matchers.join(', ')}}`;
}

/** Positive votes ÷ all votes, grouped by `by`, over `window`: 0 when every vote is negative, nothing without votes. */
export function buildTrustRatio(
  filters: LabelFilters,
  window: string = RANGE.whole,
  by: readonly string[] = [],
  offset = '',
): string {
  const positive = renderSelector(SERIES.votes, filters, { [LABEL.rating]: 'positive' });
  const all = renderSelector(SERIES.votes, filters);
  return ratioOrZero(sumCountOverRange(positive, window, by, offset), sumCountOverRange(all, window, by, offset));
}

/** The trust score's trend: this range's score minus the one of the range just before it. */
export function buildTrustChange(filters: LabelFilters): string {
  return `(${buildTrustRatio(filters)}) - (${buildTrustRatio(filters, RANGE.whole, [], RANGE.whole)})`;
}

export function buildTrustScore(filters: LabelFilters): string {
  return buildTrustRatio(filters);
}

/** The trust score of each step's own votes: windows of one step tile the range, so each vote counts once. */
export function buildTrustOverTime(filters: LabelFilters): string {
  return buildTrustRatio(filters, RANGE.step);
}

export function buildVoteCount(filters: LabelFilters): string {
  return sumCountOverRange(renderSelector(SERIES.votes, filters), RANGE.whole);
}

/** Votes per `by` labels and rating over the range: the input of Wilson ranking and the variant table. */
export function buildVotesByRating(filters: LabelFilters, by: readonly string[], window: string = RANGE.whole): string {
  return sumCountOverRange(renderSelector(SERIES.votes, filters), window, [...by, LABEL.rating]);
}

/** Daily vote buckets per `by` labels and rating, for the decay-weighted score (run as a range query, step 1d). */
export function buildDailyVotesByRating(filters: LabelFilters, by: readonly string[]): string {
  return buildVotesByRating(filters, by, '1d');
}

export function buildConversationsStarted(filters: LabelFilters): string {
  return sumCountOverRange(renderSelector(SERIES.conversationsStarted, filters), RANGE.whole);
}

export function buildConversationsEndedByOutcome(filters: LabelFilters): string {
  return sumCountOverRange(renderSelector(SERIES.conversationsEnded, filters), RANGE.whole, [LABEL.outcome]);
}

export function buildTurnSuccessRate(filters: LabelFilters): string {
  const success = renderSelector(SERIES.turns, filters, { [LABEL.outcome]: 'success' });
  const all = renderSelector(SERIES.turns, filters);
  return ratioOrZero(sumCountOverRange(success, RANGE.whole), sumCountOverRange(all, RANGE.whole));
}

/** Turns per step by outcome: exact counts, where a per-second rate of sparse traffic would be a fraction. */
export function buildTurnVolume(filters: LabelFilters): string {
  return sumCountOverRange(renderSelector(SERIES.turns, filters), RANGE.step, [LABEL.outcome]);
}

export function buildTurnLatencyQuantile(quantile: number, filters: LabelFilters): string {
  if (!(quantile > 0 && quantile < 1)) throw new Error(`quantile must be in (0, 1), got ${quantile}`);
  const buckets = renderSelector(SERIES.turnDuration, filters, {}, '_bucket');
  return `histogram_quantile(${quantile}, sum by (le) (rate(${buckets}[${RANGE.rate}])))`;
}

/**
 * Turn counts per latency bucket and step: a heatmap of the distribution. Latency histograms
 * stay cumulative in Prometheus (only the event counts are written per flush), so `increase`.
 */
export function buildTurnLatencyHeatmap(filters: LabelFilters): string {
  const buckets = renderSelector(SERIES.turnDuration, filters, {}, '_bucket');
  return `sum by (le) (increase(${buckets}[${RANGE.step}]))`;
}

export function buildTokenUsage(filters: LabelFilters): string {
  return sumCountOverRange(renderSelector(SERIES.turnTokens, filters), RANGE.step, [LABEL.tokenType]);
}

export function buildRegenerations(filters: LabelFilters): string {
  return sumCountOverRange(renderSelector(SERIES.regenerations, filters), RANGE.whole, [LABEL.feature, LABEL.model]);
}

export function buildJourneySteps(filters: LabelFilters): string {
  return sumCountOverRange(renderSelector(SERIES.journeySteps, filters), RANGE.whole, [LABEL.journey, LABEL.step]);
}

export function buildJourneysEnded(filters: LabelFilters): string {
  return sumCountOverRange(renderSelector(SERIES.journeysEnded, filters), RANGE.whole, [LABEL.journey, LABEL.outcome]);
}

/** Completed ÷ ended journeys, per journey. */
export function buildJourneyCompletion(filters: LabelFilters): string {
  const completed = renderSelector(SERIES.journeysEnded, filters, { [LABEL.outcome]: 'completed' });
  const all = renderSelector(SERIES.journeysEnded, filters);
  const by = [LABEL.journey];
  return ratioOrZero(sumCountOverRange(completed, RANGE.whole, by), sumCountOverRange(all, RANGE.whole, by));
}

/** A Prometheus data source variable query (not PromQL): the values `label` takes on `series`. */
export function buildLabelValuesQuery(series: SeriesSpec, label: string): string {
  if (!series.labels.includes(label)) throw new Error(`${series.name} has no label ${label}`);
  return `label_values(${series.name}, ${label})`;
}
