import { CONVERSATION_OUTCOME, LABEL, RATING, ratioOrZero, shareOrZero } from '@bilan/contract';
import type { DashboardConfig } from '../config';
import { ROLLUP_MAX_POINTS, ROLLUP_WINDOW, ROLLUPS, type RollupFamily } from '../recording-rules';
import { type CountWindow, exactCount, PICKED_RANGE, PREVIOUS_RANGE, ROLLUP_CLOCK } from './exact-count';
import { fromRollup } from './rollup-choice';
import type { LabelMatcher } from './selector';
import type { PromQuery } from './types';

/** Queries of the Trust overview dashboard, as functions of the config. */

/**
 * How range panels run on hourly roll-ups: never a step below the roll-up's hour, and at
 * most `ROLLUP_MAX_POINTS` points, so 30 days are drawn at 3 h steps.
 */
export const OVER_ROLLUP = { minStep: ROLLUP_WINDOW, maxDataPoints: ROLLUP_MAX_POINTS } as const;
const INTERVAL = '$__interval';

function by(labels: readonly string[]): string {
  return labels.length === 0 ? '' : ` by (${labels.join(', ')})`;
}

/**
 * `sum by (groupBy) (<over>(<roll-up>[window]))` on the narrowest roll-up of `family` for
 * the panel's grouping and the chosen filters (see `fromRollup`).
 */
function overRollup(
  config: DashboardConfig,
  family: RollupFamily,
  over: 'avg_over_time' | 'last_over_time',
  window: string,
  groupBy: readonly string[] = [],
  extra: readonly LabelMatcher[] = [],
): string {
  return fromRollup(config, family, (s) => `sum${by(groupBy)} (${over}(${s}[${window}]))`, groupBy, extra);
}

/**
 * Mean rate per second over each step: every hourly sample in the step counts once,
 * whatever the step (range queries on roll-ups never step below the hour: `OVER_ROLLUP`).
 * A counter's roll-up holds counts per hour, a histogram's holds rates already.
 */
function meanRate(
  config: DashboardConfig,
  family: RollupFamily,
  groupBy: readonly string[] = [],
  extra: readonly LabelMatcher[] = [],
): string {
  const mean = overRollup(config, family, 'avg_over_time', INTERVAL, groupBy, extra);
  return family.full.source.type === 'histogram' ? mean : `${mean} / ${ROLLUP_CLOCK.window}`;
}

/** Exact count over the picked range: raw edges around the hourly roll-ups' whole windows (`exactCount`). */
function pickedRangeCount(
  config: DashboardConfig,
  family: RollupFamily,
  groupBy: readonly string[] = [],
  extra: readonly LabelMatcher[] = [],
): string {
  return exactCount(config, family, PICKED_RANGE, groupBy, extra);
}

/** The newest hourly sample at each step. */
function latestSample(
  config: DashboardConfig,
  family: RollupFamily,
  groupBy: readonly string[] = [],
  extra: readonly LabelMatcher[] = [],
): string {
  return overRollup(config, family, 'last_over_time', ROLLUP_WINDOW, groupBy, extra);
}

const positive: LabelMatcher = { label: LABEL.rating, op: '=', value: 'positive' };
const negative: LabelMatcher = { label: LABEL.rating, op: '=', value: 'negative' };

/**
 * Positive ÷ all votes over `window`, per `groupBy`: 0 where every vote is negative, nothing
 * without votes. The positives are the votes by rating weighted 1 / 0 (`shareOrZero`), so
 * each count is read once.
 */
export function trustRatio(config: DashboardConfig, window: CountWindow, groupBy: readonly string[] = []): string {
  const byRating = exactCount(config, ROLLUPS.votes, window, [...groupBy, LABEL.rating]);
  const all = exactCount(config, ROLLUPS.allVotes, window, groupBy);
  return shareOrZero(byRating, LABEL.rating, 'positive', RATING, all, groupBy);
}

/** Vote counts over the range per `groupBy`. */
function voteCount(config: DashboardConfig, groupBy: readonly string[], extra: readonly LabelMatcher[] = []): string {
  // Without a rating filter or grouping, the all-ratings roll-up holds half the series.
  const anyRating = extra.length === 0 && !groupBy.includes(LABEL.rating);
  return pickedRangeCount(config, anyRating ? ROLLUPS.allVotes : ROLLUPS.votes, groupBy, extra);
}

/** Trust score over the dashboard's range. */
export function trustScore(config: DashboardConfig): PromQuery {
  return { expr: trustRatio(config, PICKED_RANGE), legendFormat: 'Trust score', instant: true };
}

/** Trust score of the period just before the dashboard's range (same length). */
export function trustScorePreviousPeriod(config: DashboardConfig): PromQuery {
  return { expr: trustRatio(config, PREVIOUS_RANGE), legendFormat: 'Previous period', instant: true };
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
  const positives = latestSample(config, ROLLUPS.votesTrend, [], [positive]);
  return {
    expr: ratioOrZero(positives, latestSample(config, ROLLUPS.allVotesTrend)),
    legendFormat: `Trust score (${config.trustTrendWindow})`,
    ...OVER_ROLLUP,
  };
}

/** Trust score per value of one label (feature, model or prompt version). */
export function trustScoreBy(config: DashboardConfig, label: string): PromQuery {
  return { expr: trustRatio(config, PICKED_RANGE, [label]), legendFormat: `{{${label}}}`, instant: true };
}

/** Votes cast over the range, positive and negative. */
export function votesByRating(config: DashboardConfig): PromQuery {
  return {
    expr: voteCount(config, [LABEL.rating]),
    legendFormat: `{{${LABEL.rating}}}`,
    instant: true,
  };
}

/** Votes per second over time, by rating: the mean of the roll-up's hourly rates in each step. */
export function voteRate(config: DashboardConfig): PromQuery {
  return {
    expr: meanRate(config, ROLLUPS.votes, [LABEL.rating]),
    legendFormat: `{{${LABEL.rating}}}`,
    ...OVER_ROLLUP,
  };
}

/**
 * Votes over the range per model × prompt version pair (over the features chosen), for
 * the breakdown table: the A/B question, in 25 rows where per-feature rows would be 1,250.
 */
export function votesBreakdown(config: DashboardConfig): PromQuery[] {
  const dims = [LABEL.model, LABEL.promptVersion];
  return [
    { expr: voteCount(config, dims), instant: true },
    { expr: voteCount(config, dims, [negative]), instant: true },
    { expr: trustRatio(config, PICKED_RANGE, dims), instant: true },
  ];
}

/** Conversations started over the range. */
export function conversationsStarted(config: DashboardConfig): PromQuery {
  return { expr: pickedRangeCount(config, ROLLUPS.conversationsStarted), legendFormat: 'Started', instant: true };
}

/** Conversations ended over the range, by outcome. */
export function conversationOutcomes(config: DashboardConfig): PromQuery {
  return {
    expr: pickedRangeCount(config, ROLLUPS.conversationsEnded, [LABEL.outcome]),
    legendFormat: `{{${LABEL.outcome}}}`,
    instant: true,
  };
}

/** Share of ended conversations that were abandoned or escalated. */
export function unhappyConversationRatio(config: DashboardConfig): PromQuery {
  const unhappy = CONVERSATION_OUTCOME.filter((o) => o !== 'completed').join('|');
  const bad: LabelMatcher = { label: LABEL.outcome, op: '=~', value: unhappy };
  const ended = ROLLUPS.conversationsEnded;
  return {
    expr: ratioOrZero(pickedRangeCount(config, ended, [], [bad]), pickedRangeCount(config, ended)),
    legendFormat: 'Abandoned or escalated',
    instant: true,
  };
}

/** Steps reached per journey over the range: the funnel. */
export function journeyFunnel(config: DashboardConfig): PromQuery {
  return {
    expr: `sort_desc(${pickedRangeCount(config, ROLLUPS.journeySteps, [LABEL.journey, LABEL.step])})`,
    legendFormat: `{{${LABEL.journey}}} · {{${LABEL.step}}}`,
    instant: true,
  };
}

/** Journeys completed and abandoned over the range. */
export function journeyOutcomes(config: DashboardConfig): PromQuery {
  return {
    expr: pickedRangeCount(config, ROLLUPS.journeysEnded, [LABEL.journey, LABEL.outcome]),
    legendFormat: `{{${LABEL.journey}}} · {{${LABEL.outcome}}}`,
    instant: true,
  };
}

/** Regenerations per second, all features together (the share by feature is a bar gauge). */
export function regenerationRate(config: DashboardConfig): PromQuery {
  return { expr: meanRate(config, ROLLUPS.regenerations), legendFormat: 'Regenerations', ...OVER_ROLLUP };
}

/** Regenerations ÷ successful turns over the range, per `groupBy` (nothing, or the feature). */
export function regenerationRatio(config: DashboardConfig, groupBy: readonly string[] = []): PromQuery {
  const success: LabelMatcher = { label: LABEL.outcome, op: '=', value: 'success' };
  const regenerations = pickedRangeCount(config, ROLLUPS.regenerations, groupBy);
  return {
    expr: ratioOrZero(regenerations, pickedRangeCount(config, ROLLUPS.turns, groupBy, [success])),
    legendFormat: groupBy.length === 0 ? 'Regenerated' : groupBy.map((l) => `{{${l}}}`).join(' · '),
    instant: true,
  };
}

/** Turns per second in each latency bucket (`le`), over time: the input of the quantiles and of a heatmap. */
export function turnLatencyBuckets(config: DashboardConfig): string {
  return meanRate(config, ROLLUPS.turnDuration, ['le']);
}

/** Turn latency quantiles over time. */
export function turnLatency(config: DashboardConfig, quantiles: readonly number[] = [0.5, 0.95, 0.99]): PromQuery[] {
  const buckets = turnLatencyBuckets(config);
  return quantiles.map((q) => ({
    expr: `histogram_quantile(${q}, ${buckets})`,
    legendFormat: `P${Math.round(q * 100)}`,
    ...OVER_ROLLUP,
  }));
}

/** Share of turns that failed, over time. */
export function turnErrorRatio(config: DashboardConfig): PromQuery {
  const error: LabelMatcher = { label: LABEL.outcome, op: '=', value: 'error' };
  return {
    expr: ratioOrZero(meanRate(config, ROLLUPS.turns, [], [error]), meanRate(config, ROLLUPS.turns)),
    legendFormat: 'Errors',
    ...OVER_ROLLUP,
  };
}

/** Turns per second by outcome. */
export function turnRate(config: DashboardConfig): PromQuery {
  return {
    expr: meanRate(config, ROLLUPS.turns, [LABEL.outcome]),
    legendFormat: `{{${LABEL.outcome}}}`,
    ...OVER_ROLLUP,
  };
}

/** Tokens per second, input and output. */
export function tokenRate(config: DashboardConfig): PromQuery {
  return {
    expr: meanRate(config, ROLLUPS.tokens, [LABEL.tokenType]),
    legendFormat: `{{${LABEL.tokenType}}}`,
    ...OVER_ROLLUP,
  };
}

/** Tokens used over the range by model. */
export function tokensByModel(config: DashboardConfig): PromQuery {
  return {
    expr: pickedRangeCount(config, ROLLUPS.tokens, [LABEL.model]),
    legendFormat: `{{${LABEL.model}}}`,
    instant: true,
  };
}
