import { DASHBOARD_UID } from '@bilan/contract';
import type { AlertsConfig } from '../config';
import { onLabels } from '../promql';
import { FEATURE_LABELS, recordingRuleNames } from '../recording-rules';
import type { AlertRule } from '../rule';

/** Alerts on what users tell the product: trust in a feature, and its AI turns failing. */
export function trustRules(config: AlertsConfig): AlertRule[] {
  const names = recordingRuleNames(config);
  const enoughVotes = `and ${onLabels(FEATURE_LABELS)} ${names.votesInTrustWindow} >= ${config.trustMinVotes}`;
  const keptShare = Number((1 - config.trustDropShare).toFixed(6));
  return [
    {
      alert: 'BilanTrustScoreLow',
      value: names.trustScore,
      op: '<',
      threshold: config.trustScoreMin,
      guard: enoughVotes,
      for: config.trustFor,
      severity: 'critical',
      summary: 'Users distrust an AI feature',
      description: (v) =>
        `Only ${v} of the votes on {{ $labels.feature }} in {{ $labels.service_name }} ({{ $labels.environment }}) were positive over ${config.trustWindow}, below ${config.trustScoreMin * 100}%.`,
      valueFormat: 'percentage',
      dashboard: DASHBOARD_UID.trustOverview,
    },
    {
      alert: 'BilanTrustScoreDropped',
      value: `${names.trustScore} / ${names.trustScoreBaseline}`,
      op: '<',
      threshold: keptShare,
      guard: enoughVotes,
      for: config.trustFor,
      severity: 'warning',
      summary: 'Trust in an AI feature dropped against its baseline',
      description: (v) =>
        `Trust in {{ $labels.feature }} of {{ $labels.service_name }} ({{ $labels.environment }}) over ${config.trustWindow} is ${v} of its ${config.trustBaselineWindow} baseline, a drop of more than ${config.trustDropShare * 100}%.`,
      valueFormat: 'percentage',
      dashboard: DASHBOARD_UID.trustOverview,
    },
    {
      alert: 'BilanTurnErrorRateHigh',
      value: names.turnErrorRatio,
      op: '>',
      threshold: config.turnErrorRatioMax,
      guard: `and ${onLabels(FEATURE_LABELS)} ${names.turnsInRateWindow} >= ${config.turnErrorMinTurns}`,
      for: config.turnErrorFor,
      severity: 'critical',
      summary: 'AI turns are failing',
      description: (v) =>
        `${v} of the AI turns of {{ $labels.feature }} in {{ $labels.service_name }} ({{ $labels.environment }}) failed over ${config.rateWindow}, above ${config.turnErrorRatioMax * 100}%.`,
      valueFormat: 'percentage',
      dashboard: DASHBOARD_UID.feedback,
    },
  ];
}
