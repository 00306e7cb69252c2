/**
 * Every Prometheus query the app's pages issue, as they issue it: what the 30-day benchmark
 * times (`npm run bench -w dashboards`). A test compares it with the queries walked from the
 * pages' scenes, so it cannot drift from them.
 */
import { LABEL } from '@bilan/contract';
import { clockVariableSpecs } from '@bilan/dashboards/src/queries/exact-count';
import { scalarVariableQuery } from '@bilan/dashboards/src/recording-rules';
import {
  buildConversationsStarted,
  buildDailyVotesByRating,
  buildJourneyCompletion,
  buildJourneySteps,
  buildJourneysEnded,
  buildLabelValuesQuery,
  buildRegenerations,
  buildTokenUsage,
  buildTrustChange,
  buildTrustOverTime,
  buildTrustScore,
  buildTurnLatencyHeatmap,
  buildTurnLatencyQuantile,
  buildTurnSuccessRate,
  buildTurnVolume,
  buildVoteCount,
  buildVotesByRating,
  LABEL_VARIABLE_SOURCES,
  OVER_ROLLUP,
} from './promql';

interface AppPromQuery {
  readonly where: string;
  readonly expr: string;
  /** An instant query over the picked range; else a range query. */
  readonly instant: boolean;
  /** Grafana's min step of a range query. */
  readonly minStep?: string;
  /** The panel's max data points, which with the range sets the step. */
  readonly maxDataPoints?: number;
}

const instant = (where: string, expr: string): AppPromQuery => ({ where, expr, instant: true });
const overRollup = (where: string, expr: string): AppPromQuery => ({ where, expr, instant: false, ...OVER_ROLLUP });

export function appPrometheusQueries(): AppPromQuery[] {
  return [
    instant('overview / Trust score', buildTrustScore()),
    instant('overview / Trust change', buildTrustChange()),
    instant('overview / Votes', buildVoteCount()),
    instant('overview / Conversations', buildConversationsStarted()),
    instant('overview / Turn success rate', buildTurnSuccessRate()),
    overRollup('overview / Trust over time', buildTrustOverTime()),
    instant('overview / Trust by feature', buildVotesByRating([LABEL.feature])),
    instant('overview / Journey completion', buildJourneyCompletion()),
    overRollup('turns / Turns by outcome', buildTurnVolume()),
    ...[0.5, 0.95, 0.99].map((q) => overRollup(`turns / Latency P${q * 100}`, buildTurnLatencyQuantile(q))),
    overRollup('turns / Latency distribution', buildTurnLatencyHeatmap()),
    overRollup('turns / Token usage', buildTokenUsage()),
    instant('turns / Regenerations', buildRegenerations()),
    instant('journeys / Steps', buildJourneySteps()),
    instant('journeys / Ended', buildJourneysEnded()),
    ...[LABEL.promptVersion, LABEL.model].flatMap((by) => [
      instant(`compare / Votes by ${by}`, buildVotesByRating([by])),
      { where: `compare / Daily votes by ${by}`, expr: buildDailyVotesByRating([by]), instant: false, minStep: '1d' },
    ]),
  ];
}

interface AppVariableQuery {
  readonly where: string;
  /** The variable query as the page holds it. */
  readonly query: string;
  /** What Grafana asks Prometheus for it: a label's values on a series over the range, or an instant query. */
  readonly ask: { readonly series: string; readonly label: string } | { readonly promql: string };
}

export function appVariableQueries(): AppVariableQuery[] {
  const filters = Object.entries(LABEL_VARIABLE_SOURCES).map(([name, { series, label }]) => ({
    where: `variable ${name}`,
    query: buildLabelValuesQuery(series, label),
    ask: { series: series.name, label },
  }));
  // The hidden clock of the roll-ups, read by every page that counts.
  const clock = clockVariableSpecs().flatMap((v) =>
    'scalar' in v
      ? [{ where: `variable ${v.name}`, query: scalarVariableQuery(v.scalar), ask: { promql: v.scalar } }]
      : [],
  );
  return [...filters, ...clock];
}
