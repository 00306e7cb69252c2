import { LABEL } from '@bilan/contract';
import { PanelBuilders, SceneFlexItem, SceneFlexLayout } from '@grafana/scenes';
import { formatPercent, SimpleTable } from '../components/SimpleTable';
import { ViewPanel } from '../components/ViewPanel';
import { buildLatestNegativeFeedbackQuery } from '../services/logql';
import {
  buildConversationsStarted,
  buildJourneyCompletion,
  buildTrustChange,
  buildTrustOverTime,
  buildTrustScore,
  buildTurnSuccessRate,
  buildVoteCount,
  buildVotesByRating,
} from '../services/promql';
import { readLabeledValues, toVariantCounts } from '../utils/frames';
import type { ResolvedDatasources } from '../utils/settings';
import { trustScore, type VoteCounts, wilsonInterval } from '../utils/trust';
import {
  buildClockVariables,
  buildLabelVariable,
  buildPageScene,
  VARIABLE_FILTERS as F,
  instant,
  lokiRunner,
  prometheusRunner,
  rangeQuery,
  rollupRangeRunner,
} from './common';
import { buildFeedbackPanel } from './panels';

function stat(title: string, ds: ResolvedDatasources, expr: string, unit: string, noValue: string) {
  return new SceneFlexItem({
    minWidth: 200,
    height: 140,
    body: PanelBuilders.stat()
      .setTitle(title)
      .setData(prometheusRunner(ds, [instant('A', expr)]))
      .setUnit(unit)
      .setNoValue(noValue)
      .build(),
  });
}

export function buildOverviewScene(ds: ResolvedDatasources) {
  // By feature only: 50 rows over 30 days read in milliseconds, where feature × model × prompt
  // version (2,500 series) took 130 ms; the model and prompt-version filters narrow it, and
  // Compare ranks models and prompt versions.
  const features = new ViewPanel<VoteCounts & { key: string }>({
    title: 'Trust by feature',
    emptyText: 'No votes yet for these filters and time range',
    sources: [prometheusRunner(ds, [instant('A', buildVotesByRating([LABEL.feature]))])],
    toRows: ([data]) =>
      toVariantCounts(readLabeledValues(data?.series ?? []), LABEL.feature).sort((a, b) => b.total - a.total),
    render: (rows) => (
      <SimpleTable
        label="feature"
        rows={rows}
        columns={[
          { header: 'Feature', cell: (r) => r.key },
          { header: 'Votes', cell: (r) => r.total.toLocaleString(), numeric: true },
          { header: 'Trust', cell: (r) => formatPercent(trustScore(r)), numeric: true },
          { header: 'Lower bound (95%)', cell: (r) => formatPercent(wilsonInterval(r)?.lower), numeric: true },
        ]}
      />
    ),
  });

  const body = new SceneFlexLayout({
    direction: 'column',
    children: [
      new SceneFlexLayout({
        direction: 'row',
        wrap: 'wrap',
        children: [
          stat('Trust score', ds, buildTrustScore(), 'percentunit', 'No votes yet'),
          stat('Trust change vs previous period', ds, buildTrustChange(), 'percentunit', 'No earlier votes'),
          stat('Votes', ds, buildVoteCount(), 'short', 'No votes yet'),
          stat('Conversations', ds, buildConversationsStarted(), 'short', 'No conversations yet'),
          stat('Turn success rate', ds, buildTurnSuccessRate(), 'percentunit', 'No turns yet'),
        ],
      }),
      new SceneFlexItem({
        height: 280,
        body: PanelBuilders.timeseries()
          .setTitle('Trust over time')
          .setData(rollupRangeRunner(ds, [rangeQuery('A', buildTrustOverTime(), 'trust')]))
          .setUnit('percentunit')
          .setMin(0)
          .setMax(1)
          .setNoValue('No votes yet')
          .build(),
      }),
      new SceneFlexLayout({
        direction: 'row',
        wrap: 'wrap',
        children: [
          new SceneFlexItem({ minWidth: 420, body: features }),
          new SceneFlexItem({
            minWidth: 320,
            minHeight: 240,
            body: PanelBuilders.bargauge()
              .setTitle('Journey completion')
              .setData(prometheusRunner(ds, [instant('A', buildJourneyCompletion(), '{{journey}}')]))
              .setUnit('percentunit')
              .setMin(0)
              .setMax(1)
              .setNoValue('No journeys yet')
              .build(),
          }),
        ],
      }),
      new SceneFlexItem({
        body: buildFeedbackPanel(
          'Latest negative feedback',
          lokiRunner(ds, buildLatestNegativeFeedbackQuery(F), 10),
          ds.tempo,
          300,
          true,
        ),
      }),
    ],
  });
  return buildPageScene(body, [
    buildLabelVariable('service', ds),
    buildLabelVariable('environment', ds),
    buildLabelVariable('feature', ds),
    buildLabelVariable('model', ds),
    buildLabelVariable('promptVersion', ds),
    ...buildClockVariables(ds),
  ]);
}
