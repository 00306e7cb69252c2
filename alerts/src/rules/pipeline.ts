import { DASHBOARD_UID, LABEL, SERIES, sumCountOverRange } from '@bilan/contract';
import {
  DAY_PHASE_SERIES,
  dayClockSeconds,
  ROLLUP_PHASE_SERIES,
  rollupClockSeconds,
} from '@bilan/dashboards/src/recording-rules';
import type { AlertsConfig } from '../config';
import { onLabels, selectSeries, sumRate } from '../promql';
import type { AlertRule } from '../rule';

const SERVICE_LABELS = [LABEL.serviceName, LABEL.environment];

/** Event counts of every signal the pipeline ingests. */
const INGESTED_EVENTS = selectSeries(
  '',
  `__name__=~"${[SERIES.turns.name, SERIES.votes.name, SERIES.conversationsStarted.name, SERIES.journeySteps.name].join('|')}"`,
);
/** Page loads count in a cumulative histogram (latency), so they are an `increase`. */
const PAGE_LOADS = `${SERIES.pageLoad.name}_count`;

/** Events ingested per service over `window` (ending `offset` ago): either kind alone, or both added. */
function ingestedEvents(window: string, offset = ''): string {
  const counted = sumCountOverRange(INGESTED_EVENTS, window, SERVICE_LABELS, offset);
  const range = offset ? `[${window}] offset ${offset}` : `[${window}]`;
  const pageLoads = `sum by (${SERVICE_LABELS.join(', ')}) (increase(${PAGE_LOADS}${range}))`;
  return `(${counted} + ${pageLoads} or ${counted} or ${pageLoads})`;
}

/** The Collector's loss counters, one union member per counter, each tagged with the counter it came from. */
function collectorLoss(config: AlertsConfig): string {
  return config.collectorLossMetrics
    .map((metric) => {
      const rate = sumRate(selectSeries(metric, config.collectorSelector), config.rateWindow, ['job', 'instance']);
      return `label_replace(${rate}, "counter", "${metric}", "", "")`;
    })
    .join(' or ');
}

/**
 * The dashboards' roll-up group records its phase once per evaluation: a day holds one
 * sample per roll-up window unless an evaluation was missed (Prometheus down at that
 * moment), which leaves that window out of every count that spans it.
 */
function rollupEvaluationsPerDay(): number {
  return 86_400 / rollupClockSeconds().window;
}

/**
 * The dashboards' daily roll-up group records its phase once a day: none in the last day and
 * an hour means an evaluation was missed, and that day is out of every count that reads days
 * (per feature, per model and prompt version) over a range that holds it. Counted over a day and an hour, not a week as `rollupEvaluationsPerDay`
 * does for hours, so that its promtool test stays a few thousand evaluations long.
 */
function dayRollupWindow(): string {
  return `${dayClockSeconds().window / 3600 + 1}h`;
}

/** Alerts on the telemetry pipeline itself: silence, events lost on the way, roll-up hours missing. */
export function pipelineRules(config: AlertsConfig): AlertRule[] {
  const before = ingestedEvents(config.pipelineNormalWindow, config.pipelineDeadWindow);
  const recent = ingestedEvents(config.pipelineDeadWindow);
  return [
    {
      alert: 'BilanPipelineDead',
      // A service whose series stopped entirely reads 0 instead of vanishing, as long as it had traffic before.
      value: `${recent} or 0 * ${before}`,
      op: '<',
      threshold: 1,
      guard: `and ${onLabels(SERVICE_LABELS)} ${before} >= ${config.pipelineNormalMinEvents}`,
      for: config.pipelineDeadFor,
      severity: 'critical',
      summary: 'No Bilan events are arriving',
      description: (v) =>
        `{{ $labels.service_name }} ({{ $labels.environment }}) had normal traffic, but ${v} events arrived in the last ${config.pipelineDeadWindow}: the SDK, the Collector or remote write is down.`,
      valueFormat: 'number',
      dashboard: DASHBOARD_UID.pipelineHealth,
    },
    {
      alert: 'BilanSdkDroppingEvents',
      value: sumCountOverRange(SERIES.sdkDropped.name, config.rateWindow, [...SERVICE_LABELS, LABEL.reason]),
      op: '>',
      threshold: 0,
      for: config.eventLossFor,
      severity: 'warning',
      summary: 'The SDK is dropping events',
      description: (v) =>
        `The Bilan SDK in {{ $labels.service_name }} ({{ $labels.environment }}) dropped ${v} events in ${config.rateWindow} ({{ $labels.reason }}).`,
      valueFormat: 'number',
      dashboard: DASHBOARD_UID.pipelineHealth,
    },
    {
      alert: 'BilanCollectorLosingEvents',
      value: collectorLoss(config),
      op: '>',
      threshold: 0,
      for: config.eventLossFor,
      severity: 'warning',
      summary: 'The Collector is refusing or failing to send events',
      description: (v) => `The Collector {{ $labels.instance }} loses ${v} items per second ({{ $labels.counter }}).`,
      valueFormat: 'rate',
      dashboard: DASHBOARD_UID.pipelineHealth,
    },
    {
      alert: 'BilanRollupHourMissing',
      value: `count_over_time(${ROLLUP_PHASE_SERIES}[1d])`,
      op: '<',
      threshold: rollupEvaluationsPerDay(),
      // Only once the group has run for a whole day.
      guard: `and on () count_over_time(${ROLLUP_PHASE_SERIES}[1h] offset 1d) > 0`,
      for: config.eventLossFor,
      severity: 'warning',
      summary: 'An hourly roll-up was not recorded',
      description: (v) =>
        `Only ${v} of the last ${rollupEvaluationsPerDay()} hourly roll-up evaluations ran: the Trust overview and the app undercount every range that spans a missing hour until it is backfilled.`,
      valueFormat: 'number',
      dashboard: DASHBOARD_UID.trustOverview,
    },
    {
      alert: 'BilanRollupDayMissing',
      value: `count_over_time(${DAY_PHASE_SERIES}[${dayRollupWindow()}]) or on () vector(0)`,
      op: '<',
      threshold: 1,
      // Only for a group that ran this week.
      guard: `and on () count_over_time(${DAY_PHASE_SERIES}[1w]) > 0`,
      for: config.eventLossFor,
      severity: 'warning',
      summary: 'A daily roll-up was not recorded',
      description: (v) =>
        `${v} daily roll-up evaluations ran in the last ${dayRollupWindow()}: a day has no daily roll-up, and the Trust overview and the app undercount every count per feature or per model and prompt version over a range that holds it until it is backfilled.`,
      valueFormat: 'number',
      dashboard: DASHBOARD_UID.trustOverview,
    },
  ];
}
