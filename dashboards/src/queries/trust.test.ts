import { describe, expect, it } from 'vitest';
import type { DashboardConfig } from '../config';
import { dashboardConfig } from '../config';
import { trustScore, trustScoreBy, trustScorePreviousPeriod, turnLatency, voteRate, votesByRating } from './trust';

// Without filters the expressions are short enough to read whole.
const bare: DashboardConfig = { ...dashboardConfig, variables: [] as never };

describe('trustScore', () => {
  it('divides positive by all rolled-up votes over the range', () => {
    expect(trustScore(bare).expr).toBe(
      'sum (sum_over_time(bilan:votes:rate1h{rating="positive"}[$__range]))\n/\nsum (sum_over_time(bilan:votes:rate1h[$__range]))',
    );
  });
  it('applies the dashboard filters', () => {
    expect(trustScore(dashboardConfig).expr).toContain('prompt_version=~"$prompt_version", rating="positive"');
  });
});

describe('trustScorePreviousPeriod', () => {
  it('shifts the same window back by its own length', () => {
    expect(trustScorePreviousPeriod(bare).expr).toBe(
      'sum (sum_over_time(bilan:votes:rate1h{rating="positive"}[$__range] offset $__range))\n/\nsum (sum_over_time(bilan:votes:rate1h[$__range] offset $__range))',
    );
  });
});

describe('trustScoreBy', () => {
  it('groups both sides by the label', () => {
    expect(trustScoreBy(bare, 'model')).toEqual({
      expr: 'sum by (model) (sum_over_time(bilan:votes:rate1h{rating="positive"}[$__range]))\n/\nsum by (model) (sum_over_time(bilan:votes:rate1h[$__range]))',
      legendFormat: '{{model}}',
      instant: true,
    });
  });
});

describe('vote counts and rates', () => {
  it('turns rolled-up rates back into votes', () => {
    expect(votesByRating(bare).expr).toBe('sum by (rating) (sum_over_time(bilan:votes:rate1h[$__range])) * 3600');
  });
  it('holds each hourly rate until the next', () => {
    expect(voteRate(bare).expr).toBe('sum by (rating) (last_over_time(bilan:votes:rate1h[1h]))');
  });
});

describe('turnLatency', () => {
  it('gives one quantile query per quantile from the bucket rates', () => {
    expect(turnLatency(bare, [0.95])).toEqual([
      {
        expr: 'histogram_quantile(0.95, sum by (le) (rate(bilan_turn_duration_seconds_bucket[$__rate_interval])))',
        legendFormat: 'P95',
      },
    ]);
  });
});
