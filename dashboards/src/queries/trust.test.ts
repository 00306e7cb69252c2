import { ratioOrZero } from '@bilan/contract';
import { describe, expect, it } from 'vitest';
import type { DashboardConfig } from '../config';
import { dashboardConfig } from '../config';
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

describe('trustScore', () => {
  it('divides positive votes by the all-ratings roll-up over the range, summed over every filter, 0 without positive votes', () => {
    expect(trustScore(bare).expr).toBe(
      ratioOrZero(
        'sum (sum_over_time(bilan:votes_without_feature_model_prompt_version:count1h{rating="positive"}[$__range]))',
        'sum (sum_over_time(bilan:votes_without_rating_feature_model_prompt_version:count1h[$__range]))',
      ),
    );
  });
  it('applies the dashboard filters, on the full roll-up when one of them is set', () => {
    const { expr } = trustScore(dashboardConfig);
    expect(expr).toContain('bilan:votes:count1h{');
    expect(expr).toContain('prompt_version=~"$prompt_version", rating="positive"');
  });
});

describe('trustScorePreviousPeriod', () => {
  it('shifts the same window back by its own length', () => {
    expect(trustScorePreviousPeriod(bare).expr).toBe(
      ratioOrZero(
        'sum (sum_over_time(bilan:votes_without_feature_model_prompt_version:count1h{rating="positive"}[$__range] offset $__range))',
        'sum (sum_over_time(bilan:votes_without_rating_feature_model_prompt_version:count1h[$__range] offset $__range))',
      ),
    );
  });
});

describe('trustScoreBy', () => {
  it('groups both sides by the label', () => {
    expect(trustScoreBy(bare, 'model')).toEqual({
      expr: ratioOrZero(
        'sum by (model) (sum_over_time(bilan:votes_without_feature_prompt_version:count1h{rating="positive"}[$__range]))',
        'sum by (model) (sum_over_time(bilan:votes_without_rating_feature_prompt_version:count1h[$__range]))',
      ),
      legendFormat: '{{model}}',
      instant: true,
    });
  });
});

describe('vote counts and rates', () => {
  it('turns rolled-up rates back into votes', () => {
    expect(votesByRating(bare).expr).toBe(
      'sum by (rating) (sum_over_time(bilan:votes_without_feature_model_prompt_version:count1h[$__range]))',
    );
  });
  it('averages the hourly rates in each step', () => {
    expect(voteRate(bare).expr).toBe(
      'sum by (rating) (avg_over_time(bilan:votes_without_feature_model_prompt_version:count1h[$__interval])) / 3600',
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
      expr: 'sum by (outcome) (avg_over_time(bilan:turns_without_feature_model:count1h[$__interval])) / 3600',
      legendFormat: '{{outcome}}',
      minStep: '1h',
      maxDataPoints: 200,
    });
  });
  it('turns rolled-up token rates back into a count over the range', () => {
    expect(tokensByModel(bare).expr).toBe(
      'sum by (model) (sum_over_time(bilan:turn_tokens_without_feature:count1h[$__range]))',
    );
  });
  it('divides rolled-up regenerations by rolled-up successful turns', () => {
    expect(regenerationRatio(bare).expr).toBe(
      ratioOrZero(
        'sum (sum_over_time(bilan:regenerations_without_feature_model:count1h[$__range]))',
        'sum (sum_over_time(bilan:turns_without_feature_model:count1h{outcome="success"}[$__range]))',
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
