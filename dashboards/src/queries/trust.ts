import { CONVERSATION_OUTCOME, LABEL, SERIES, type SeriesSpec } from '@bilan/contract';
import type { DashboardConfig } from '../config';
import { ROLLUP_WINDOW, ROLLUP_WINDOW_SECONDS, ROLLUPS, VOTES_ROLLUP } from '../recording-rules';
import { type LabelMatcher, selectSeries } from './selector';
import type { PromQuery } from './types';

/** Queries of the Trust overview dashboard, as functions of the config. */

const RANGE = '$__range';
const INTERVAL = '$__interval';

function by(labels: readonly string[]): string {
  return labels.length === 0 ? '' : ` by (${labels.join(', ')})`;
}

/** `sum by (labels) (increase(series{...}[window]))`. */
export function sumIncrease(
  config: DashboardConfig,
  series: SeriesSpec,
  window: string,
  groupBy: readonly string[] = [],
  extra: readonly LabelMatcher[] = [],
): string {
  return `sum${by(groupBy)} (increase(${selectSeries(series, config.variables, extra)}[${window}]))`;
}

/**
 * Mean rate per second over each step, from an hourly roll-up: every roll-up sample in the
 * step counts once, whatever the step. Range queries on roll-ups carry `minStep` = the
 * roll-up window so no step falls between two samples.
 */
function meanRate(
  config: DashboardConfig,
  rolledUp: SeriesSpec,
  groupBy: readonly string[] = [],
  extra: readonly LabelMatcher[] = [],
): string {
  return `sum${by(groupBy)} (avg_over_time(${selectSeries(rolledUp, config.variables, extra)}[${INTERVAL}]))`;
}

/**
 * Sum of an hourly roll-up's samples over `window` per `groupBy`, in roll-up units:
 * multiply by the roll-up window for a count; ratios need nothing.
 */
function rolledUpSum(
  config: DashboardConfig,
  rolledUp: SeriesSpec,
  window: string,
  groupBy: readonly string[] = [],
  extra: readonly LabelMatcher[] = [],
  offset = '',
): string {
  const selector = selectSeries(rolledUp, config.variables, extra);
  return `sum${by(groupBy)} (sum_over_time(${selector}[${window}]${offset ? ` offset ${offset}` : ''}))`;
}

/** Count over the dashboard's range from an hourly roll-up: its rates summed × the window. */
function rolledUpCount(
  config: DashboardConfig,
  rolledUp: SeriesSpec,
  groupBy: readonly string[] = [],
  extra: readonly LabelMatcher[] = [],
): string {
  return `${rolledUpSum(config, rolledUp, RANGE, groupBy, extra)} * ${ROLLUP_WINDOW_SECONDS}`;
}

const positive: LabelMatcher = { label: LABEL.rating, op: '=', value: 'positive' };
const negative: LabelMatcher = { label: LABEL.rating, op: '=', value: 'negative' };

/** Positive ÷ all votes over `window`, per `groupBy`. */
function trustRatio(config: DashboardConfig, window: string, groupBy: readonly string[] = [], offset = ''): string {
  const positives = rolledUpSum(config, VOTES_ROLLUP, window, groupBy, [positive], offset);
  return `${positives}\n/\n${rolledUpSum(config, ROLLUPS.allVotes.series, window, groupBy, [], offset)}`;
}

/** Vote counts over the range per `groupBy`. */
function voteCount(config: DashboardConfig, groupBy: readonly string[], extra: readonly LabelMatcher[] = []): string {
  // Without a rating filter or grouping, the all-ratings roll-up holds half the series.
  const anyRating = extra.length === 0 && !groupBy.includes(LABEL.rating);
  return rolledUpCount(config, anyRating ? ROLLUPS.allVotes.series : VOTES_ROLLUP, groupBy, extra);
}

/** Trust score over the dashboard's range. */
export function trustScore(config: DashboardConfig): PromQuery {
  return { expr: trustRatio(config, RANGE), legendFormat: 'Trust score', instant: true };
}

/** Trust score of the period just before the dashboard's range (same length). */
export function trustScorePreviousPeriod(config: DashboardConfig): PromQuery {
  return { expr: trustRatio(config, RANGE, [], RANGE), legendFormat: 'Previous period', instant: true };
}

/** Change of the trust score against the previous period, in ratio points. */
export function trustScoreChange(config: DashboardConfig): PromQuery {
  return {
    expr: `(${trustScore(config).expr})\n-\n(${trustScorePreviousPeriod(config).expr})`,
    legendFormat: 'Change',
    instant: true,
  };
}

/**
 * Rolling trust score as a line, over the configured trend window: the trend roll-up
 * records that window's votes every hour, so each step reads its latest sample.
 */
export function trustScoreTrend(config: DashboardConfig): PromQuery {
  const latest = (trend: SeriesSpec, extra: readonly LabelMatcher[]) =>
    `sum (last_over_time(${selectSeries(trend, config.variables, extra)}[${ROLLUP_WINDOW}]))`;
  return {
    expr: `${latest(ROLLUPS.votesTrend.series, [positive])}\n/\n${latest(ROLLUPS.allVotesTrend.series, [])}`,
    legendFormat: `Trust score (${config.trustTrendWindow})`,
    minStep: ROLLUP_WINDOW,
  };
}

/** Trust score per value of one label (feature, model or prompt version). */
export function trustScoreBy(config: DashboardConfig, label: string): PromQuery {
  return { expr: trustRatio(config, RANGE, [label]), legendFormat: `{{${label}}}`, instant: true };
}

/** Votes cast over the range, positive and negative. */
export function votesByRating(config: DashboardConfig): PromQuery {
  return {
    expr: voteCount(config, [LABEL.rating]),
    legendFormat: `{{${LABEL.rating}}}`,
    instant: true,
  };
}

/** Votes per second over time, by rating: the roll-up's hourly means (held until the next one). */
export function voteRate(config: DashboardConfig): PromQuery {
  return {
    expr: `sum by (${LABEL.rating}) (last_over_time(${selectSeries(VOTES_ROLLUP, config.variables)}[${ROLLUP_WINDOW}]))`,
    legendFormat: `{{${LABEL.rating}}}`,
    minStep: ROLLUP_WINDOW,
  };
}

/** Votes over the range per feature, model and prompt version, for the breakdown table. */
export function votesBreakdown(config: DashboardConfig): PromQuery[] {
  const dims = [LABEL.feature, LABEL.model, LABEL.promptVersion];
  return [
    { expr: voteCount(config, dims), instant: true },
    { expr: voteCount(config, dims, [negative]), instant: true },
    { expr: trustRatio(config, RANGE, dims), instant: true },
  ];
}

/** Conversations started over the range. */
export function conversationsStarted(config: DashboardConfig): PromQuery {
  return { expr: sumIncrease(config, SERIES.conversationsStarted, RANGE), legendFormat: 'Started', instant: true };
}

/** Conversations ended over the range, by outcome. */
export function conversationOutcomes(config: DashboardConfig): PromQuery {
  return {
    expr: rolledUpCount(config, ROLLUPS.conversationsEnded.series, [LABEL.outcome]),
    legendFormat: `{{${LABEL.outcome}}}`,
    instant: true,
  };
}

/** Share of ended conversations that were abandoned or escalated. */
export function unhappyConversationRatio(config: DashboardConfig): PromQuery {
  const unhappy = CONVERSATION_OUTCOME.filter((o) => o !== 'completed').join('|');
  const bad: LabelMatcher = { label: LABEL.outcome, op: '=~', value: unhappy };
  const ended = ROLLUPS.conversationsEnded.series;
  return {
    expr: `${rolledUpSum(config, ended, RANGE, [], [bad])}\n/\n${rolledUpSum(config, ended, RANGE)}`,
    legendFormat: 'Abandoned or escalated',
    instant: true,
  };
}

/** Steps reached per journey over the range: the funnel. */
export function journeyFunnel(config: DashboardConfig): PromQuery {
  return {
    expr: `sort_desc(${sumIncrease(config, SERIES.journeySteps, RANGE, [LABEL.journey, LABEL.step])})`,
    legendFormat: `{{${LABEL.journey}}} · {{${LABEL.step}}}`,
    instant: true,
  };
}

/** Journeys completed and abandoned over the range. */
export function journeyOutcomes(config: DashboardConfig): PromQuery {
  return {
    expr: sumIncrease(config, SERIES.journeysEnded, RANGE, [LABEL.journey, LABEL.outcome]),
    legendFormat: `{{${LABEL.journey}}} · {{${LABEL.outcome}}}`,
    instant: true,
  };
}

/** Regenerations per second, by feature. */
export function regenerationRate(config: DashboardConfig): PromQuery {
  return {
    expr: meanRate(config, ROLLUPS.regenerations.series, [LABEL.feature]),
    legendFormat: `{{${LABEL.feature}}}`,
    minStep: ROLLUP_WINDOW,
  };
}

/** Regenerations ÷ successful turns over the range. */
export function regenerationRatio(config: DashboardConfig): PromQuery {
  const success: LabelMatcher = { label: LABEL.outcome, op: '=', value: 'success' };
  return {
    expr: `${rolledUpSum(config, ROLLUPS.regenerations.series, RANGE)}\n/\n${rolledUpSum(config, ROLLUPS.turns.series, RANGE, [], [success])}`,
    legendFormat: 'Regenerated',
    instant: true,
  };
}

/** Turn latency quantiles over time. */
export function turnLatency(config: DashboardConfig, quantiles: readonly number[] = [0.5, 0.95, 0.99]): PromQuery[] {
  const buckets = meanRate(config, ROLLUPS.turnDuration.series, ['le']);
  return quantiles.map((q) => ({
    expr: `histogram_quantile(${q}, ${buckets})`,
    legendFormat: `P${Math.round(q * 100)}`,
    minStep: ROLLUP_WINDOW,
  }));
}

/** Share of turns that failed, over time. */
export function turnErrorRatio(config: DashboardConfig): PromQuery {
  const error: LabelMatcher = { label: LABEL.outcome, op: '=', value: 'error' };
  return {
    expr: `${meanRate(config, ROLLUPS.turns.series, [], [error])}\n/\n${meanRate(config, ROLLUPS.turns.series)}`,
    legendFormat: 'Errors',
    minStep: ROLLUP_WINDOW,
  };
}

/** Turns per second by outcome. */
export function turnRate(config: DashboardConfig): PromQuery {
  return {
    expr: meanRate(config, ROLLUPS.turns.series, [LABEL.outcome]),
    legendFormat: `{{${LABEL.outcome}}}`,
    minStep: ROLLUP_WINDOW,
  };
}

/** Tokens per second, input and output. */
export function tokenRate(config: DashboardConfig): PromQuery {
  return {
    expr: meanRate(config, ROLLUPS.tokens.series, [LABEL.tokenType]),
    legendFormat: `{{${LABEL.tokenType}}}`,
    minStep: ROLLUP_WINDOW,
  };
}

/** Tokens used over the range by model. */
export function tokensByModel(config: DashboardConfig): PromQuery {
  return {
    expr: rolledUpCount(config, ROLLUPS.tokens.series, [LABEL.model]),
    legendFormat: `{{${LABEL.model}}}`,
    instant: true,
  };
}
