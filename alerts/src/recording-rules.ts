import { LABEL, RATING, ratioOrZero, SERIES, shareOrZero, sumCountOverRange } from '@bilan/contract';
import type { AlertsConfig } from './config';
import { defaultConfig } from './config';
import { selectSeries } from './promql';

/** Labels every per-feature trust and error series keeps. */
export const FEATURE_LABELS = [LABEL.serviceName, LABEL.environment, LABEL.feature] as const;
/** Labels the per-vote-dimension series keep (dashboards break trust down by model and prompt version). */
export const VOTE_LABELS = [...FEATURE_LABELS, LABEL.model, LABEL.promptVersion, LABEL.rating] as const;

export interface RecordingRule {
  record: string;
  expr: string;
}

/** Names of the recording rules; the window is part of each name, so they follow the config. */
export function recordingRuleNames(config: AlertsConfig) {
  return {
    /** Votes within the short window by feature, model, prompt version and rating. */
    votesInRateWindow: `bilan:votes:increase${config.rateWindow}`,
    /** Positive share of votes per feature over the trust window (0..1). */
    trustScore: `bilan:trust_score:ratio_rate${config.trustWindow}`,
    /** Positive share of votes per feature over the baseline window (0..1). */
    trustScoreBaseline: `bilan:trust_score:ratio_rate${config.trustBaselineWindow}`,
    /** Votes per feature within the trust window: the volume guard of the trust alerts. */
    votesInTrustWindow: `bilan:votes:increase${config.trustWindow}`,
    /** Share of failed AI turns per feature (0..1). */
    turnErrorRatio: `bilan:turn_errors:ratio_rate${config.rateWindow}`,
    /** AI turns per feature within the short window: the volume guard of the error alert. */
    turnsInRateWindow: `bilan:turns:increase${config.rateWindow}`,
  } as const;
}

/** The recording rule names for the shipped config; dashboards import these. */
export const RECORDING = recordingRuleNames(defaultConfig);

/**
 * Share of `part` in `whole` over `window`, per `labels`, from exact counts. A feature with a
 * whole but no part (no turn failed) reads 0 rather than vanishing.
 */
function ratio(part: string, whole: string, window: string, labels: readonly string[]): string {
  return ratioOrZero(sumCountOverRange(part, window, labels), sumCountOverRange(whole, window, labels));
}

/**
 * Positive votes ÷ all votes over `window`, per feature: the contract's `shareOrZero`, as the
 * dashboards and the app read trust (0 when every vote is negative).
 */
function trustRatio(window: string): string {
  const votes = SERIES.votes.name;
  return shareOrZero(
    sumCountOverRange(votes, window, [...FEATURE_LABELS, LABEL.rating]),
    LABEL.rating,
    'positive',
    RATING,
    sumCountOverRange(votes, window, FEATURE_LABELS),
    FEATURE_LABELS,
  );
}

export function recordingRules(config: AlertsConfig): RecordingRule[] {
  const names = recordingRuleNames(config);
  const votes = SERIES.votes.name;
  const turns = SERIES.turns.name;
  const failedTurns = selectSeries(turns, `${LABEL.outcome}="error"`);
  return [
    { record: names.votesInRateWindow, expr: sumCountOverRange(votes, config.rateWindow, VOTE_LABELS) },
    { record: names.trustScore, expr: trustRatio(config.trustWindow) },
    { record: names.trustScoreBaseline, expr: trustRatio(config.trustBaselineWindow) },
    { record: names.votesInTrustWindow, expr: sumCountOverRange(votes, config.trustWindow, FEATURE_LABELS) },
    { record: names.turnErrorRatio, expr: ratio(failedTurns, turns, config.rateWindow, FEATURE_LABELS) },
    { record: names.turnsInRateWindow, expr: sumCountOverRange(turns, config.rateWindow, FEATURE_LABELS) },
  ];
}
