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
  VARIANT_LABELS,
} from '../services/promql';
import { readLabeledValues } from '../utils/frames';
import type { ResolvedDatasources } from '../utils/settings';
import { trustScore, wilsonInterval } from '../utils/trust';
import {
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

interface VariantRow {
  key: string;
  positive: number;
  total: number;
}

export function buildOverviewScene(ds: ResolvedDatasources) {
  const variants = new ViewPanel<VariantRow>({
    title: 'Trust by feature × model × prompt version',
    emptyText: 'No votes yet for these filters and time range',
    sources: [prometheusRunner(ds, [instant('A', buildVotesByRating(VARIANT_LABELS))])],
    toRows: ([data]) => {
      const groups = new Map<string, VariantRow>();
      for (const { labels, value } of readLabeledValues(data?.series ?? [])) {
        const key = VARIANT_LABELS.map((l) => labels[l] || 'none').join(' · ');
        const g = groups.get(key) ?? { key, positive: 0, total: 0 };
        g.total += value;
        if (labels[LABEL.rating] === 'positive') g.positive += value;
        groups.set(key, g);
      }
      return [...groups.values()].sort((a, b) => b.total - a.total);
    },
    render: (rows) => (
      <SimpleTable
        label="feature · model · prompt version"
        rows={rows}
        columns={[
          { header: 'feature · model · prompt version', cell: (r) => r.key },
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
          new SceneFlexItem({ minWidth: 420, body: variants }),
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
  ]);
}
