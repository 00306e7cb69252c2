/**
 * Every PromQL the app issues. The app reads the roll-ups the dashboards record (hourly
 * counts, and latency rates), through the dashboards' own roll-up choice: each query
 * switches to the narrowest roll-up that keeps its grouping and the filters chosen, so
 * 30 days read a few thousand samples, not millions. Counts and ratios are the contract's
 * (`sumCountOverRange`, `ratioOrZero`): an event counts when the roll-up sample that carries
 * it falls inside the picked range, so every figure is an exact integer, trailing the
 * newest events by up to one roll-up window. Filters are the page's template variables,
 * which Grafana renders to regular expressions.
 */
import { LABEL, ratioOrZero, SERIES, type SeriesSpec, sumCountOverRange } from '@bilan/contract';
import { dashboardConfig } from '@bilan/dashboards/src/config';
import { fromRollup } from '@bilan/dashboards/src/queries/rollup-choice';
import type { LabelMatcher } from '@bilan/dashboards/src/queries/selector';
import { turnLatency, turnLatencyBuckets } from '@bilan/dashboards/src/queries/trust';
import { ROLLUP_MAX_POINTS, ROLLUP_WINDOW, ROLLUPS, type RollupFamily } from '@bilan/dashboards/src/recording-rules';

export type FilterKey = 'serviceName' | 'environment' | 'feature' | 'model' | 'promptVersion';
export type LabelFilters = Partial<Record<FilterKey, string>>;

/** Grafana's range macros: the whole picked range, one step. */
export const RANGE = { whole: '$__range', step: '$__interval' } as const;

/** How range panels run on the roll-ups: never a step below their window, at most 200 points. */
export const OVER_ROLLUP = { minStep: ROLLUP_WINDOW, maxDataPoints: ROLLUP_MAX_POINTS } as const;

const positive: LabelMatcher = { label: LABEL.rating, op: '=', value: 'positive' };

/** Events of `family` over `window`, summed per `by`, from the narrowest roll-up that keeps `by` and the filters. */
function countFromRollups(
  family: RollupFamily,
  window: string,
  by: readonly string[] = [],
  extra: readonly LabelMatcher[] = [],
  offset = '',
): string {
  return fromRollup(dashboardConfig, family, (s) => sumCountOverRange(s, window, by, offset), by, extra);
}

/** Positive votes ÷ all votes, per `by`, over `window`: 0 when every vote is negative, nothing without votes. */
export function buildTrustRatio(window: string = RANGE.whole, by: readonly string[] = [], offset = ''): string {
  return ratioOrZero(
    countFromRollups(ROLLUPS.votes, window, by, [positive], offset),
    countFromRollups(ROLLUPS.allVotes, window, by, [], offset),
  );
}

export function buildTrustScore(): string {
  return buildTrustRatio();
}

/** The trust score's trend: this range's score minus the one of the range just before it. */
export function buildTrustChange(): string {
  return `(${buildTrustRatio()})\n-\n(${buildTrustRatio(RANGE.whole, [], RANGE.whole)})`;
}

/** The trust score of each step's own votes: windows of one step tile the range, so each vote counts once. */
export function buildTrustOverTime(): string {
  return buildTrustRatio(RANGE.step);
}

export function buildVoteCount(): string {
  return countFromRollups(ROLLUPS.allVotes, RANGE.whole);
}

/** Votes per `by` labels and rating over `window`: the input of Wilson ranking and the trust tables. */
export function buildVotesByRating(by: readonly string[], window: string = RANGE.whole): string {
  return countFromRollups(ROLLUPS.votes, window, [...by, LABEL.rating]);
}

/** Daily vote buckets per `by` labels and rating, for the decay-weighted score (run as a range query, step 1d). */
export function buildDailyVotesByRating(by: readonly string[]): string {
  return buildVotesByRating(by, '1d');
}

export function buildConversationsStarted(): string {
  return countFromRollups(ROLLUPS.conversationsStarted, RANGE.whole);
}

export function buildTurnSuccessRate(): string {
  const success: LabelMatcher = { label: LABEL.outcome, op: '=', value: 'success' };
  return ratioOrZero(
    countFromRollups(ROLLUPS.turns, RANGE.whole, [], [success]),
    countFromRollups(ROLLUPS.turns, RANGE.whole),
  );
}

/** Turns per step by outcome: exact counts, where a per-second rate of sparse traffic would be a fraction. */
export function buildTurnVolume(): string {
  return countFromRollups(ROLLUPS.turns, RANGE.step, [LABEL.outcome]);
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

export function buildTokenUsage(): string {
  return countFromRollups(ROLLUPS.tokens, RANGE.step, [LABEL.tokenType]);
}

/** Regenerations per feature (the model filter narrows them): 50 series over 30 days, where × model read 250. */
export function buildRegenerations(): string {
  return countFromRollups(ROLLUPS.regenerations, RANGE.whole, [LABEL.feature]);
}

export function buildJourneySteps(): string {
  return countFromRollups(ROLLUPS.journeySteps, RANGE.whole, [LABEL.journey, LABEL.step]);
}

export function buildJourneysEnded(): string {
  return countFromRollups(ROLLUPS.journeysEnded, RANGE.whole, [LABEL.journey, LABEL.outcome]);
}

/** Completed ÷ ended journeys, per journey. */
export function buildJourneyCompletion(): string {
  const completed: LabelMatcher = { label: LABEL.outcome, op: '=', value: 'completed' };
  const by = [LABEL.journey];
  return ratioOrZero(
    countFromRollups(ROLLUPS.journeysEnded, RANGE.whole, by, [completed]),
    countFromRollups(ROLLUPS.journeysEnded, RANGE.whole, by),
  );
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
