/**
 * Every PromQL the app issues, built with the dashboards' own query parts. A count over the
 * picked range is the dashboards' `exactCount`: the whole roll-up windows inside the range
 * from the hourly roll-ups (the narrowest that keeps the grouping and the filters chosen),
 * the edges from the raw per-flush counts, so every figure is the exact number of events
 * whose sample falls in the range, read from a few thousand samples over 30 days. Ratios are
 * the contract's `ratioOrZero`. Lines over time count each step from the roll-ups (see
 * `countPerStep`). Filters are the page's template variables, which Grafana renders to
 * regular expressions.
 */
import { LABEL, ratioOrZero, SERIES, type SeriesSpec, sumCountOverRange } from '@bilan/contract';
import { dashboardConfig } from '@bilan/dashboards/src/config';
import { type CountWindow, exactCount, PICKED_RANGE, PREVIOUS_RANGE } from '@bilan/dashboards/src/queries/exact-count';
import { fromRollup } from '@bilan/dashboards/src/queries/rollup-choice';
import type { LabelMatcher } from '@bilan/dashboards/src/queries/selector';
import { trustRatio, turnLatency, turnLatencyBuckets } from '@bilan/dashboards/src/queries/trust';
import { ROLLUPS, type RollupFamily } from '@bilan/dashboards/src/recording-rules';

export { OVER_ROLLUP } from '@bilan/dashboards/src/queries/trust';

export type FilterKey = 'serviceName' | 'environment' | 'feature' | 'model' | 'promptVersion';
export type LabelFilters = Partial<Record<FilterKey, string>>;

/** Grafana's range macros: the whole picked range, one step. */
export const RANGE = { whole: '$__range', step: '$__interval' } as const;

/** Exact count of `family` over the picked range, summed per `by`. */
function count(family: RollupFamily, by: readonly string[] = [], extra: readonly LabelMatcher[] = []): string {
  return exactCount(dashboardConfig, family, PICKED_RANGE, by, extra);
}

/**
 * Events of `family` per step of a range query, per `by`: the roll-up windows whose sample
 * falls in the step (t − step, t], each window in exactly one step (steps are whole
 * multiples of the roll-up window).
 */
function countPerStep(family: RollupFamily, by: readonly string[] = [], extra: readonly LabelMatcher[] = []): string {
  return fromRollup(dashboardConfig, family, (s) => sumCountOverRange(s, RANGE.step, by), by, extra);
}

/** Positive votes ÷ all votes, per `by`, over `window`: 0 when every vote is negative, nothing without votes. */
export function buildTrustRatio(by: readonly string[] = [], window: CountWindow = PICKED_RANGE): string {
  return trustRatio(dashboardConfig, window, by);
}

export function buildTrustScore(): string {
  return buildTrustRatio();
}

/** The trust score's trend: this range's score minus the one of the range just before it. */
export function buildTrustChange(): string {
  return `(${buildTrustRatio()})\n-\n(${buildTrustRatio([], PREVIOUS_RANGE)})`;
}

const positive: LabelMatcher = { label: LABEL.rating, op: '=', value: 'positive' };

/** The trust score of each step's own votes (`countPerStep`): each vote counts in one step. */
export function buildTrustOverTime(): string {
  return ratioOrZero(countPerStep(ROLLUPS.votes, [], [positive]), countPerStep(ROLLUPS.allVotes));
}

export function buildVoteCount(): string {
  return count(ROLLUPS.allVotes);
}

/** Votes per `by` labels and rating over the picked range: the input of Wilson ranking and the trust tables. */
export function buildVotesByRating(by: readonly string[]): string {
  return count(ROLLUPS.votes, [...by, LABEL.rating]);
}

/** Daily vote buckets per `by` labels and rating, for the decay-weighted score (a range query at 1 d steps). */
export function buildDailyVotesByRating(by: readonly string[]): string {
  return countPerStep(ROLLUPS.votes, [...by, LABEL.rating]);
}

export function buildConversationsStarted(): string {
  return count(ROLLUPS.conversationsStarted);
}

export function buildTurnSuccessRate(): string {
  const success: LabelMatcher = { label: LABEL.outcome, op: '=', value: 'success' };
  return ratioOrZero(count(ROLLUPS.turns, [], [success]), count(ROLLUPS.turns));
}

/** Turns per step by outcome: exact counts of the step's roll-up windows, where a per-second rate of sparse traffic would be a fraction. */
export function buildTurnVolume(): string {
  return countPerStep(ROLLUPS.turns, [LABEL.outcome]);
}

/** Turn latency at `quantile` over time, as the Trust overview draws it (latency roll-ups keep rates per bucket). */
export function buildTurnLatencyQuantile(quantile: number): string {
  if (!(quantile > 0 && quantile < 1)) throw new Error(`quantile must be in (0, 1), got ${quantile}`);
  const [query] = turnLatency(dashboardConfig, [quantile]);
  if (!query) throw new Error(`no latency query for ${quantile}`);
  return query.expr;
}

/** Turns per second in each latency bucket, per step: a heatmap of the distribution, from the latency roll-up. */
export function buildTurnLatencyHeatmap(): string {
  return turnLatencyBuckets(dashboardConfig);
}

/** Tokens per step by type (`countPerStep`). */
export function buildTokenUsage(): string {
  return countPerStep(ROLLUPS.tokens, [LABEL.tokenType]);
}

/** Regenerations per feature (the model filter narrows them): 50 series over 30 days, where × model read 250. */
export function buildRegenerations(): string {
  return count(ROLLUPS.regenerations, [LABEL.feature]);
}

export function buildJourneySteps(): string {
  return count(ROLLUPS.journeySteps, [LABEL.journey, LABEL.step]);
}

export function buildJourneysEnded(): string {
  return count(ROLLUPS.journeysEnded, [LABEL.journey, LABEL.outcome]);
}

/** Completed ÷ ended journeys, per journey. */
export function buildJourneyCompletion(): string {
  const completed: LabelMatcher = { label: LABEL.outcome, op: '=', value: 'completed' };
  const by = [LABEL.journey];
  return ratioOrZero(count(ROLLUPS.journeysEnded, by, [completed]), count(ROLLUPS.journeysEnded, by));
}

/** Where each filter variable's values come from: a contract series and one of its labels. */
export const LABEL_VARIABLE_SOURCES = {
  service: { series: SERIES.turns, label: LABEL.serviceName },
  environment: { series: SERIES.turns, label: LABEL.environment },
  feature: { series: SERIES.turns, label: LABEL.feature },
  model: { series: SERIES.turns, label: LABEL.model },
  promptVersion: { series: SERIES.votes, label: LABEL.promptVersion },
} as const satisfies Record<string, { series: SeriesSpec; label: string }>;

export type LabelVariable = keyof typeof LABEL_VARIABLE_SOURCES;

/** A Prometheus data source variable query (not PromQL): the values `label` takes on `series`. */
export function buildLabelValuesQuery(series: SeriesSpec, label: string): string {
  if (!series.labels.includes(label)) throw new Error(`${series.name} has no label ${label}`);
  return `label_values(${series.name}, ${label})`;
}
