import { ratioOrZero, SERIES, sumCountOverRange } from '@bilan/contract';
import { dashboardConfig } from '@bilan/dashboards/src/config';
import { fromRollup } from '@bilan/dashboards/src/queries/rollup-choice';
import type { LabelMatcher } from '@bilan/dashboards/src/queries/selector';
import { turnLatency, turnLatencyBuckets } from '@bilan/dashboards/src/queries/trust';
import { ROLLUPS, type RollupFamily } from '@bilan/dashboards/src/recording-rules';
import { describe, expect, it } from 'vitest';
import {
  buildDailyVotesByRating,
  buildJourneyCompletion,
  buildJourneySteps,
  buildLabelValuesQuery,
  buildTokenUsage,
  buildTrustChange,
  buildTrustOverTime,
  buildTrustScore,
  buildTurnLatencyHeatmap,
  buildTurnLatencyQuantile,
  buildTurnVolume,
  buildVoteCount,
  buildVotesByRating,
} from './promql';

/** The count the app must read: the contract's, on the roll-up the dashboards would pick. */
function expectedCount(
  family: RollupFamily,
  window: string,
  by: string[] = [],
  extra: LabelMatcher[] = [],
  offset = '',
) {
  return fromRollup(dashboardConfig, family, (s) => sumCountOverRange(s, window, by, offset), by, extra);
}
const positive: LabelMatcher = { label: 'rating', op: '=', value: 'positive' };

describe('buildJourneySteps', () => {
  it('sums the journey-step roll-up over the range, filtered by service and environment', () => {
    expect(buildJourneySteps()).toBe(
      sumCountOverRange(
        `${ROLLUPS.journeySteps.full.series.name}{environment=~"$environment", service_name=~"$service"}`,
        '$__range',
        ['journey', 'step'],
      ),
    );
  });
});

describe('buildTrustScore', () => {
  it('divides positive by all votes from the roll-ups, 0 without positive votes, nothing without votes', () => {
    const score = buildTrustScore();
    expect(score).toBe(
      ratioOrZero(
        expectedCount(ROLLUPS.votes, '$__range', [], [positive]),
        expectedCount(ROLLUPS.allVotes, '$__range'),
      ),
    );
    // One branch per combination of chosen filters, each on a roll-up, never on the raw counter.
    expect(score).not.toContain(SERIES.votes.name);
    expect(score.match(/unfiltered=~"\(\$feature\)\(\$model\)\(\$prompt_version\)"/g)).toHaveLength(3);
  });
});

describe('buildTrustChange', () => {
  it('subtracts the previous range from the current one', () => {
    const before = ratioOrZero(
      expectedCount(ROLLUPS.votes, '$__range', [], [positive], '$__range'),
      expectedCount(ROLLUPS.allVotes, '$__range', [], [], '$__range'),
    );
    expect(buildTrustChange()).toBe(`(${buildTrustScore()})\n-\n(${before})`);
  });
});

describe('buildTrustOverTime', () => {
  it('divides each step by its own votes', () => {
    expect(buildTrustOverTime()).toBe(
      ratioOrZero(
        expectedCount(ROLLUPS.votes, '$__interval', [], [positive]),
        expectedCount(ROLLUPS.allVotes, '$__interval'),
      ),
    );
  });
});

describe('vote counts', () => {
  it('counts all votes on the all-ratings roll-up, and by rating on the rated one', () => {
    expect(buildVoteCount()).toBe(expectedCount(ROLLUPS.allVotes, '$__range'));
    expect(buildVotesByRating(['prompt_version'])).toBe(
      expectedCount(ROLLUPS.votes, '$__range', ['prompt_version', 'rating']),
    );
    expect(buildDailyVotesByRating(['model'])).toBe(expectedCount(ROLLUPS.votes, '1d', ['model', 'rating']));
  });
});

describe('turn queries', () => {
  it('counts turns and tokens per step, and draws latency as the Trust overview does', () => {
    expect(buildTurnVolume()).toBe(expectedCount(ROLLUPS.turns, '$__interval', ['outcome']));
    expect(buildTokenUsage()).toBe(expectedCount(ROLLUPS.tokens, '$__interval', ['token_type']));
    expect(buildTurnLatencyQuantile(0.95)).toBe(turnLatency(dashboardConfig, [0.95])[0]?.expr);
    expect(buildTurnLatencyHeatmap()).toBe(turnLatencyBuckets(dashboardConfig));
  });

  it('rejects a quantile outside (0, 1)', () => {
    expect(() => buildTurnLatencyQuantile(95)).toThrow(/quantile/);
  });
});

describe('buildJourneyCompletion', () => {
  it('divides completed by all ended journeys per journey', () => {
    const completed: LabelMatcher = { label: 'outcome', op: '=', value: 'completed' };
    expect(buildJourneyCompletion()).toBe(
      ratioOrZero(
        expectedCount(ROLLUPS.journeysEnded, '$__range', ['journey'], [completed]),
        expectedCount(ROLLUPS.journeysEnded, '$__range', ['journey']),
      ),
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
