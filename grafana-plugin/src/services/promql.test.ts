import { ratioOrZero, SERIES, sumCountOverRange } from '@bilan/contract';
import { describe, expect, it } from 'vitest';
import {
  buildDailyVotesByRating,
  buildJourneyCompletion,
  buildLabelValuesQuery,
  buildTokenUsage,
  buildTrustChange,
  buildTrustOverTime,
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

const votes = (matchers: string, window = '$__range', by: string[] = [], offset = '') =>
  sumCountOverRange(`bilan_votes_total{${matchers}}`, window, by, offset);

describe('buildTrustScore', () => {
  it('divides positive by all votes over the range, 0 without positive votes, nothing without votes', () => {
    expect(buildTrustScore({ feature: '$feature' })).toBe(
      ratioOrZero(votes('feature=~"$feature", rating="positive"'), votes('feature=~"$feature"')),
    );
  });
});

describe('buildTrustChange', () => {
  it('subtracts the previous range from the current one', () => {
    const now = ratioOrZero(votes('rating="positive"'), votes(''));
    const before = ratioOrZero(
      votes('rating="positive"', '$__range', [], '$__range'),
      votes('', '$__range', [], '$__range'),
    );
    expect(buildTrustChange({})).toBe(`(${now}) - (${before})`);
  });
});

describe('buildTrustOverTime', () => {
  it('divides each step by its own votes', () => {
    expect(buildTrustOverTime({})).toBe(
      ratioOrZero(votes('rating="positive"', '$__interval'), votes('', '$__interval')),
    );
  });
});

describe('buildVotesByRating', () => {
  it('groups by the given labels and rating', () => {
    expect(buildVotesByRating({}, ['prompt_version'])).toBe(votes('', '$__range', ['prompt_version', 'rating']));
    expect(buildDailyVotesByRating({}, ['model'])).toBe(votes('', '1d', ['model', 'rating']));
  });
});

describe('turn queries', () => {
  it('renders volume, quantiles, heatmap and tokens', () => {
    expect(buildTurnVolume({})).toBe(sumCountOverRange('bilan_turns_total{}', '$__interval', ['outcome']));
    expect(buildTurnLatencyQuantile(0.95, { model: '$model' })).toBe(
      'histogram_quantile(0.95, sum by (le) (rate(bilan_turn_duration_seconds_bucket{model=~"$model"}[$__rate_interval])))',
    );
    expect(buildTurnLatencyHeatmap({})).toBe(
      'sum by (le) (increase(bilan_turn_duration_seconds_bucket{}[$__interval]))',
    );
    expect(buildTokenUsage({})).toBe(sumCountOverRange('bilan_turn_tokens_total{}', '$__interval', ['token_type']));
  });

  it('rejects a quantile outside (0, 1)', () => {
    expect(() => buildTurnLatencyQuantile(95, {})).toThrow(/quantile/);
  });
});

describe('buildJourneyCompletion', () => {
  it('divides completed by all ended journeys per journey', () => {
    const ended = (matchers: string) =>
      sumCountOverRange(`bilan_journeys_ended_total{${matchers}}`, '$__range', ['journey']);
    expect(buildJourneyCompletion({})).toBe(ratioOrZero(ended('outcome="completed"'), ended('')));
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
