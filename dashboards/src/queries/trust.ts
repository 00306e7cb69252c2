import { CONVERSATION_OUTCOME, LABEL, SERIES, type SeriesSpec } from '@bilan/contract';
import type { DashboardConfig } from '../config';
import { ROLLUP_WINDOW, ROLLUP_WINDOW_SECONDS, VOTES_ROLLUP } from '../recording-rules';
import { type LabelMatcher, selectSeries } from './selector';
import type { PromQuery } from './types';

/** Queries of the Trust overview dashboard, as functions of the config. */

const RANGE = '$__range';
const RATE = '$__rate_interval';

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

function sumRate(
  config: DashboardConfig,
  series: SeriesSpec,
  groupBy: readonly string[] = [],
  extra: readonly LabelMatcher[] = [],
): string {
  return `sum${by(groupBy)} (rate(${selectSeries(series, config.variables, extra)}[${RATE}]))`;
}

const positive: LabelMatcher = { label: LABEL.rating, op: '=', value: 'positive' };
const negative: LabelMatcher = { label: LABEL.rating, op: '=', value: 'negative' };

/**
 * Votes over `window` per `groupBy`, from the hourly roll-up (see recording-rules.ts), in
 * roll-up units: multiply by the roll-up window for a count; ratios need nothing.
 */
function rolledUpVotes(
  config: DashboardConfig,
  window: string,
  groupBy: readonly string[] = [],
  extra: readonly LabelMatcher[] = [],
  offset = '',
): string {
  const selector = selectSeries(VOTES_ROLLUP, config.variables, extra);
  return `sum${by(groupBy)} (sum_over_time(${selector}[${window}]${offset ? ` offset ${offset}` : ''}))`;
}

/** Positive ÷ all votes over `window`, per `groupBy`. */
function trustRatio(config: DashboardConfig, window: string, groupBy: readonly string[] = [], offset = ''): string {
  return `${rolledUpVotes(config, window, groupBy, [positive], offset)}\n/\n${rolledUpVotes(config, window, groupBy, [], offset)}`;
}

/** Vote counts over `window` per `groupBy`. */
function voteCount(config: DashboardConfig, groupBy: readonly string[], extra: readonly LabelMatcher[] = []): string {
  return `${rolledUpVotes(config, RANGE, groupBy, extra)} * ${ROLLUP_WINDOW_SECONDS}`;
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

/** Rolling trust score as a line, over the configured trend window. */
export function trustScoreTrend(config: DashboardConfig): PromQuery {
  return {
    expr: trustRatio(config, config.trustTrendWindow),
    legendFormat: `Trust score (${config.trustTrendWindow})`,
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
    expr: sumIncrease(config, SERIES.conversationsEnded, RANGE, [LABEL.outcome]),
    legendFormat: `{{${LABEL.outcome}}}`,
    instant: true,
  };
}

/** Share of ended conversations that were abandoned or escalated. */
export function unhappyConversationRatio(config: DashboardConfig): PromQuery {
  const unhappy = CONVERSATION_OUTCOME.filter((o) => o !== 'completed').join('|');
  const bad: LabelMatcher = { label: LABEL.outcome, op: '=~', value: unhappy };
  return {
    expr: `${sumIncrease(config, SERIES.conversationsEnded, RANGE, [], [bad])}\n/\n${sumIncrease(config, SERIES.conversationsEnded, RANGE)}`,
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
  return { expr: sumRate(config, SERIES.regenerations, [LABEL.feature]), legendFormat: `{{${LABEL.feature}}}` };
}

/** Regenerations ÷ successful turns over the range. */
export function regenerationRatio(config: DashboardConfig): PromQuery {
  const success: LabelMatcher = { label: LABEL.outcome, op: '=', value: 'success' };
  return {
    expr: `${sumIncrease(config, SERIES.regenerations, RANGE)}\n/\n${sumIncrease(config, SERIES.turns, RANGE, [], [success])}`,
    legendFormat: 'Regenerated',
    instant: true,
  };
}

/** Turn latency quantiles over time. */
export function turnLatency(config: DashboardConfig, quantiles: readonly number[] = [0.5, 0.95, 0.99]): PromQuery[] {
  const buckets = `sum by (le) (rate(${selectSeries(SERIES.turnDuration, config.variables, [], '_bucket')}[${RATE}]))`;
  return quantiles.map((q) => ({
    expr: `histogram_quantile(${q}, ${buckets})`,
    legendFormat: `P${Math.round(q * 100)}`,
  }));
}

/** Share of turns that failed, over time. */
export function turnErrorRatio(config: DashboardConfig): PromQuery {
  const error: LabelMatcher = { label: LABEL.outcome, op: '=', value: 'error' };
  return {
    expr: `${sumRate(config, SERIES.turns, [], [error])}\n/\n${sumRate(config, SERIES.turns)}`,
    legendFormat: 'Errors',
  };
}

/** Turns per second by outcome. */
export function turnRate(config: DashboardConfig): PromQuery {
  return { expr: sumRate(config, SERIES.turns, [LABEL.outcome]), legendFormat: `{{${LABEL.outcome}}}` };
}

/** Tokens per second, input and output. */
export function tokenRate(config: DashboardConfig): PromQuery {
  return { expr: sumRate(config, SERIES.turnTokens, [LABEL.tokenType]), legendFormat: `{{${LABEL.tokenType}}}` };
}

/** Tokens used over the range by model. */
export function tokensByModel(config: DashboardConfig): PromQuery {
  return {
    expr: sumIncrease(config, SERIES.turnTokens, RANGE, [LABEL.model]),
    legendFormat: `{{${LABEL.model}}}`,
    instant: true,
  };
}
