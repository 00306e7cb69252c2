import { SERIES } from '@bilan/contract';
import { describe, expect, it } from 'vitest';
import {
  buildDailyVotesByRating,
  buildJourneyCompletion,
  buildLabelValuesQuery,
  buildTokenUsage,
  buildTrustChange,
  buildTrustScore,
  buildTurnLatencyHeatmap,
  buildTurnLatencyQuantile,
  buildTurnVolume,
  buildVotesByRating,
  renderSelector,
} from './promql';

const all = { serviceName: '$service', environment: '$environment', feature: '$feature', model: '$model' };

describe('renderSelector', () => {
  it('applies only the filters whose label the series has', () => {
    expect(renderSelector(SERIES.conversationsStarted, { ...all, promptVersion: '$prompt_version' })).toBe(
      'bilan_conversations_started_total{service_name=~"$service", environment=~"$environment", feature=~"$feature"}',
    );
  });

  it('adds fixed matchers and a suffix', () => {
    expect(renderSelector(SERIES.turnDuration, { model: 'gpt.*' }, {}, '_bucket')).toBe(
      'bilan_turn_duration_seconds_bucket{model=~"gpt.*"}',
    );
    expect(renderSelector(SERIES.votes, {}, { rating: 'negative' })).toBe('bilan_votes_total{rating="negative"}');
  });

  describe('edge cases', () => {
    it('escapes quotes and backslashes in a value', () => {
      expect(renderSelector(SERIES.votes, { feature: 'a"b\\c' })).toBe('bilan_votes_total{feature=~"a\\"b\\\\c"}');
    });

    it('skips empty filters and rejects a fixed label the series lacks', () => {
      expect(renderSelector(SERIES.votes, { feature: '' })).toBe('bilan_votes_total{}');
      expect(() => renderSelector(SERIES.journeySteps, {}, { rating: 'positive' })).toThrow(/no label rating/);
    });
  });
});

describe('buildTrustScore', () => {
  it('divides positive by all votes over the range', () => {
    expect(buildTrustScore({ feature: '$feature' })).toBe(
      'sum (increase(bilan_votes_total{feature=~"$feature", rating="positive"}[$__range])) / ' +
        'sum (increase(bilan_votes_total{feature=~"$feature"}[$__range]))',
    );
  });
});

describe('buildTrustChange', () => {
  it('subtracts the previous range from the current one', () => {
    expect(buildTrustChange({})).toBe(
      '(sum (increase(bilan_votes_total{rating="positive"}[$__range])) / sum (increase(bilan_votes_total{}[$__range]))) - ' +
        '(sum (increase(bilan_votes_total{rating="positive"}[$__range] offset $__range)) / ' +
        'sum (increase(bilan_votes_total{}[$__range] offset $__range)))',
    );
  });
});

describe('buildVotesByRating', () => {
  it('groups by the given labels and rating', () => {
    expect(buildVotesByRating({}, ['prompt_version'])).toBe(
      'sum by (prompt_version, rating) (increase(bilan_votes_total{}[$__range]))',
    );
    expect(buildDailyVotesByRating({}, ['model'])).toBe('sum by (model, rating) (increase(bilan_votes_total{}[1d]))');
  });
});

describe('turn queries', () => {
  it('renders volume, quantiles, heatmap and tokens', () => {
    expect(buildTurnVolume({})).toBe('sum by (outcome) (rate(bilan_turns_total{}[$__rate_interval]))');
    expect(buildTurnLatencyQuantile(0.95, { model: '$model' })).toBe(
      'histogram_quantile(0.95, sum by (le) (rate(bilan_turn_duration_seconds_bucket{model=~"$model"}[$__rate_interval])))',
    );
    expect(buildTurnLatencyHeatmap({})).toBe(
      'sum by (le) (increase(bilan_turn_duration_seconds_bucket{}[$__interval]))',
    );
    expect(buildTokenUsage({})).toBe('sum by (token_type) (increase(bilan_turn_tokens_total{}[$__interval]))');
  });

  it('rejects a quantile outside (0, 1)', () => {
    expect(() => buildTurnLatencyQuantile(95, {})).toThrow(/quantile/);
  });
});

describe('buildJourneyCompletion', () => {
  it('divides completed by all ended journeys per journey', () => {
    expect(buildJourneyCompletion({})).toBe(
      'sum by (journey) (increase(bilan_journeys_ended_total{outcome="completed"}[$__range])) / ' +
        'sum by (journey) (increase(bilan_journeys_ended_total{}[$__range]))',
    );
  });
});

describe('buildLabelValuesQuery', () => {
  it('renders a label_values variable query and refuses unknown labels', () => {
    expect(buildLabelValuesQuery(SERIES.votes, 'prompt_version')).toBe(
      'label_values(bilan_votes_total, prompt_version)',
    );
    expect(() => buildLabelValuesQuery(SERIES.turns, 'prompt_version')).toThrow();
  });
});
