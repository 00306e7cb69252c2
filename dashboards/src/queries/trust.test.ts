import { RATING, ratioOrZero, shareOrZero } from '@bilan/contract';
import { describe, expect, it } from 'vitest';
import type { DashboardConfig } from '../config';
import { dashboardConfig } from '../config';
import { ROLLUPS } from '../recording-rules';
import { exactCount, PICKED_RANGE, PREVIOUS_RANGE } from './exact-count';
import {
  regenerationRatio,
  tokensByModel,
  trustScore,
  trustScoreBy,
  trustScorePreviousPeriod,
  trustScoreTrend,
  turnLatency,
  turnLatencyBuckets,
  turnRate,
  voteRate,
  votesByRating,
} from './trust';

// Without filters the expressions are short enough to read whole.
const bare: DashboardConfig = { ...dashboardConfig, variables: [] as never };
/** Positive votes ÷ all votes, the positives weighed out of the votes by rating. */
const trustOf = (config: DashboardConfig, window = PICKED_RANGE, by: string[] = []) =>
  shareOrZero(
    exactCount(config, ROLLUPS.votes, window, [...by, 'rating']),
    'rating',
    'positive',
    RATING,
    exactCount(config, ROLLUPS.allVotes, window, by),
    by,
  );

describe('trustScore', () => {
  it('divides exact counts of positive and of all votes over the picked range, 0 without positive votes', () => {
    expect(trustScore(bare).expr).toBe(trustOf(bare));
  });
  it('reads the whole hours from the roll-ups summed over every filter, the edges from the raw counts summed the same way', () => {
    const { expr } = trustScore(bare);
    expect(expr).toContain('sum by (rating) (sum_over_time(bilan:votes_without_feature_model_prompt_version:count1h[');
    expect(expr).toContain('sum (sum_over_time(bilan:votes_without_rating_feature_model_prompt_version:count1h[');
    expect(expr).toContain('sum by (rating) (sum_over_time(bilan_votes_without_feature_model_prompt_version_total[');
    expect(expr).toContain('sum (sum_over_time(bilan_votes_without_feature_model_prompt_version_total[');
    expect(expr).not.toContain('bilan_votes_total');
  });
  it('applies the dashboard filters, on the full roll-up when one of them is set', () => {
    const { expr } = trustScore(dashboardConfig);
    expect(expr).toContain('bilan:votes:count1h{');
    expect(expr).toContain(
      'prompt_version=~"$prompt_version", unfiltered!~"$feature", unfiltered!~"$model", unfiltered!~"$prompt_version"',
    );
  });
});

describe('trustScorePreviousPeriod', () => {
  it('counts the same way over the range just before', () => {
    expect(trustScorePreviousPeriod(bare).expr).toBe(trustOf(bare, PREVIOUS_RANGE));
  });
});

describe('trustScoreBy', () => {
  it('groups both sides by the label', () => {
    expect(trustScoreBy(bare, 'model')).toEqual({
      expr: trustOf(bare, PICKED_RANGE, ['model']),
      legendFormat: '{{model}}',
      instant: true,
    });
  });
});

describe('vote counts and rates', () => {
  it('counts votes over the picked range by rating', () => {
    expect(votesByRating(bare).expr).toBe(exactCount(bare, ROLLUPS.votes, PICKED_RANGE, ['rating']));
  });
  it('averages the rolled-up counts in each step, per second of the roll-up window', () => {
    expect(voteRate(bare).expr).toBe(
      'sum by (rating) (avg_over_time(bilan:votes_without_feature_model_prompt_version:count1h[$__interval])) / $rollup_window',
    );
  });
});

describe('turnLatencyBuckets', () => {
  it('averages the rolled-up bucket rates over each step, keeping le', () => {
    expect(turnLatencyBuckets(bare)).toBe(
      'sum by (le) (avg_over_time(bilan:turn_duration_seconds_without_feature_model_bucket:rate1h[$__interval]))',
    );
  });
});

describe('turnLatency', () => {
  it('gives one quantile query per quantile from the rolled-up bucket rates, never stepping below the roll-up', () => {
    expect(turnLatency(bare, [0.95])).toEqual([
      {
        expr: 'histogram_quantile(0.95, sum by (le) (avg_over_time(bilan:turn_duration_seconds_without_feature_model_bucket:rate1h[$__interval])))',
        legendFormat: 'P95',
        minStep: '1h',
        maxDataPoints: 200,
      },
    ]);
  });
});

describe('turn rates and totals', () => {
  it('averages the hourly roll-up over each step', () => {
    expect(turnRate(bare)).toEqual({
      expr: 'sum by (outcome) (avg_over_time(bilan:turns_without_feature_model:count1h[$__interval])) / $rollup_window',
      legendFormat: '{{outcome}}',
      minStep: '1h',
      maxDataPoints: 200,
    });
  });
  it('counts tokens over the picked range by model', () => {
    expect(tokensByModel(bare).expr).toBe(exactCount(bare, ROLLUPS.tokens, PICKED_RANGE, ['model']));
  });
  it('divides exact counts of regenerations by those of successful turns', () => {
    expect(regenerationRatio(bare).expr).toBe(
      ratioOrZero(
        exactCount(bare, ROLLUPS.regenerations, PICKED_RANGE),
        exactCount(bare, ROLLUPS.turns, PICKED_RANGE, [], [{ label: 'outcome', op: '=', value: 'success' }]),
      ),
    );
  });
});

describe('trustScoreTrend', () => {
  it('reads the latest sample of the rolling-window roll-up at each step', () => {
    expect(trustScoreTrend(bare).expr).toBe(
      ratioOrZero(
        'sum (last_over_time(bilan:votes_without_feature_model_prompt_version:count1d{rating="positive"}[1h]))',
        'sum (last_over_time(bilan:votes_without_rating_feature_model_prompt_version:count1d[1h]))',
      ),
    );
  });
});
