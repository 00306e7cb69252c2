/** Custom panels shared by several pages, each a ViewPanel over pure transforms. */
import type { SceneQueryRunner } from '@grafana/scenes';
import { ViewPanel } from '../components/ViewPanel';
import { FeedbackView, RankingView } from '../components/views';
import {
  readLabeledValues,
  readLogRows,
  readSeriesPoints,
  toFeedbackRows,
  toVariantBuckets,
  toVariantCounts,
} from '../utils/frames';
import { decayWeightedTrust, rankByLowerBound } from '../utils/trust';

export function buildFeedbackPanel(
  title: string,
  runner: SceneQueryRunner,
  tempoUid: string,
  height: number,
  compact = false,
) {
  return new ViewPanel({
    title,
    emptyText: 'No votes yet for these filters and time range',
    sources: [runner],
    toRows: ([data]) => toFeedbackRows(readLogRows(data?.series ?? [])),
    render: (rows, context) => (
      <FeedbackView rows={rows} context={context} tempoUid={tempoUid} height={height} compact={compact} />
    ),
  });
}

/**
 * Trust per variant ranked by the Wilson lower bound. `totals` answers `sum by (<by>, rating)` over the
 * range; the optional `daily` runner answers the same in 1-day buckets for the decay-weighted score.
 */
export function buildRankingPanel(
  title: string,
  by: string,
  label: string,
  totals: SceneQueryRunner,
  daily?: SceneQueryRunner,
) {
  return new ViewPanel({
    title,
    emptyText: 'No votes yet for these filters and time range',
    sources: daily ? [totals, daily] : [totals],
    toRows: ([totalData, dailyData], context) => {
      const ranked = rankByLowerBound(toVariantCounts(readLabeledValues(totalData?.series ?? []), by));
      if (!daily) return ranked;
      const buckets = toVariantBuckets(readSeriesPoints(dailyData?.series ?? []), by);
      return ranked.map((r) => ({ ...r, decayed: decayWeightedTrust(buckets.get(r.key) ?? [], context.to) }));
    },
    render: (rows) => <RankingView rows={rows} label={label} />,
  });
}
