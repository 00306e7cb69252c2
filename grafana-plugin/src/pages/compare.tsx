import { LABEL } from '@bilan/contract';
import { SceneFlexItem, SceneFlexLayout } from '@grafana/scenes';
import { buildDailyVotesByRating, buildVotesByRating } from '../services/promql';
import type { ResolvedDatasources } from '../utils/settings';
import {
  buildClockVariables,
  buildLabelVariable,
  buildPageScene,
  instant,
  prometheusRunner,
  rangeQuery,
  rollupRangeRunner,
} from './common';
import { buildRankingPanel } from './panels';

/** The decay-weighted score's buckets: one step a day. */
const DAILY = '1d';

/** Totals over the range, and daily buckets (step 1d) for the decay-weighted score. */
function rankingRunners(ds: ResolvedDatasources, by: string) {
  const totals = prometheusRunner(ds, [instant('totals', buildVotesByRating([by]))]);
  const daily = rollupRangeRunner(ds, [rangeQuery('daily', buildDailyVotesByRating([by]))], DAILY);
  return [totals, daily] as const;
}

export function buildCompareScene(ds: ResolvedDatasources) {
  const [versionTotals, versionDaily] = rankingRunners(ds, LABEL.promptVersion);
  const [modelTotals, modelDaily] = rankingRunners(ds, LABEL.model);
  const body = new SceneFlexLayout({
    direction: 'column',
    children: [
      new SceneFlexItem({
        body: buildRankingPanel(
          'Prompt versions ranked by trust (Wilson 95% lower bound)',
          LABEL.promptVersion,
          'Prompt version',
          versionTotals,
          versionDaily,
        ),
      }),
      new SceneFlexItem({
        body: buildRankingPanel(
          'Models ranked by trust (Wilson 95% lower bound)',
          LABEL.model,
          'Model',
          modelTotals,
          modelDaily,
        ),
      }),
    ],
  });
  return buildPageScene(body, [
    buildLabelVariable('service', ds),
    buildLabelVariable('environment', ds),
    buildLabelVariable('feature', ds),
    // The roll-up choice reads every filter variable of the votes; "All" by default.
    buildLabelVariable('model', ds),
    buildLabelVariable('promptVersion', ds),
    ...buildClockVariables(ds),
  ]);
}
