import { RATING, ratioOrZero, SERIES, shareOrZero, sumCountOverRange } from '@bilan/contract';
import { dashboardConfig } from '@bilan/dashboards/src/config';
import { exactCount, PICKED_RANGE, PREVIOUS_RANGE } from '@bilan/dashboards/src/queries/exact-count';
import { fromRollup } from '@bilan/dashboards/src/queries/rollup-choice';
import type { LabelMatcher } from '@bilan/dashboards/src/queries/selector';
import { trustRatio, turnLatency, turnLatencyBuckets } from '@bilan/dashboards/src/queries/trust';
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

/** An exact count over the picked range, as the dashboards count (`exactCount`). */
function expectedCount(family: RollupFamily, by: string[] = [], extra: LabelMatcher[] = [], window = PICKED_RANGE) {
  return exactCount(dashboardConfig, family, window, by, extra);
}
/** Events of each step: the roll-up windows whose sample falls in it. */
function expectedPerStep(family: RollupFamily, by: string[] = [], extra: LabelMatcher[] = []) {
  return fromRollup(dashboardConfig, family, (s) => sumCountOverRange(s, '$__interval', by), by, extra);
}
const positive: LabelMatcher = { label: 'rating', op: '=', value: 'positive' };

describe('buildJourneySteps', () => {
  it('counts journey steps over the picked range, filtered by service and environment', () => {
    const steps = buildJourneySteps();
    expect(steps).toBe(expectedCount(ROLLUPS.journeySteps, ['journey', 'step']));
    expect(steps).toContain(
      `${ROLLUPS.journeySteps.full.series.name}{environment=~"$environment", service_name=~"$service"}[`,
    );
  });
});

describe('buildTrustScore', () => {
  it("is the dashboards' trust ratio: exact counts of votes by rating and of all votes, 0 without positive votes", () => {
    const score = buildTrustScore();
    expect(score).toBe(trustRatio(dashboardConfig, PICKED_RANGE));
    expect(score).toBe(
      shareOrZero(
        expectedCount(ROLLUPS.votes, ['rating']),
        'rating',
        'positive',
        RATING,
        expectedCount(ROLLUPS.allVotes),
      ),
    );
    // One term per combination of chosen filters, in the roll-up piece and in both raw edges (head and
    // tail) of each of the two counts: each width 2 × 3 times.
    expect(score.match(/unfiltered=~"\$feature", unfiltered=~"\$model", unfiltered=~"\$prompt_version"/g)).toHaveLength(
      6,
    );
    expect(score.match(new RegExp(`${SERIES.votes.name}\\{`, 'g'))).toHaveLength(4);
    expect(score.match(/bilan_votes_without_feature_model_prompt_version_total\{/g)).toHaveLength(4);
  });
});

describe('buildTrustChange', () => {
  it('subtracts the previous range from the current one', () => {
    const before = trustRatio(dashboardConfig, PREVIOUS_RANGE);
    expect(buildTrustChange()).toBe(`(${buildTrustScore()})\n-\n(${before})`);
  });
});

describe('buildTrustOverTime', () => {
  it('divides each step by its own votes', () => {
    expect(buildTrustOverTime()).toBe(
      ratioOrZero(expectedPerStep(ROLLUPS.votes, [], [positive]), expectedPerStep(ROLLUPS.allVotes)),
    );
  });
});

describe('vote counts', () => {
  it('counts all votes on the all-ratings roll-up, and by rating on the rated one', () => {
    expect(buildVoteCount()).toBe(expectedCount(ROLLUPS.allVotes));
    expect(buildVotesByRating(['prompt_version'])).toBe(expectedCount(ROLLUPS.votes, ['prompt_version', 'rating']));
    expect(buildDailyVotesByRating(['model'])).toBe(expectedPerStep(ROLLUPS.votes, ['model', 'rating']));
  });
});

describe('turn queries', () => {
  it('counts turns and tokens per step, and draws latency as the Trust overview does', () => {
    expect(buildTurnVolume()).toBe(expectedPerStep(ROLLUPS.turns, ['outcome']));
    expect(buildTokenUsage()).toBe(expectedPerStep(ROLLUPS.tokens, ['token_type']));
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
        expectedCount(ROLLUPS.journeysEnded, ['journey'], [completed]),
        expectedCount(ROLLUPS.journeysEnded, ['journey']),
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
