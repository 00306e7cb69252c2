import { SERIES, type SeriesKey } from '@bilan/contract';
import { describe, expect, it } from 'vitest';
import { expectedSeries, planReferenceWorkload } from './plan';

const total = (series: Map<string, { value: number }> | undefined) =>
  [...(series?.values() ?? [])].reduce((s, x) => s + x.value, 0);

describe('planReferenceWorkload', () => {
  const plan = planReferenceWorkload();

  it('is the reference workload', () => {
    expect(plan.votes).toHaveLength(1000);
    expect(plan.votes.filter((v) => v.value > 0)).toHaveLength(730);
    expect(new Set(plan.turns.map((t) => t.feature)).size).toBe(3);
    expect(plan.turns).toHaveLength(200);
    expect(plan.turns.filter((t) => t.errorType)).toHaveLength(10);
  });

  it('rates only answered turns', () => {
    for (const v of plan.votes) expect(plan.turns[v.turn]?.errorType).toBeUndefined();
  });
});

describe('expectedSeries', () => {
  it('covers every contract series for the Bilan SDK, with its labels', () => {
    const expected = expectedSeries(planReferenceWorkload(), 'bilan');
    for (const key of Object.keys(SERIES) as SeriesKey[]) {
      const series = expected[key];
      expect(series?.size, key).toBeGreaterThan(0);
      for (const { labels } of series?.values() ?? [])
        expect(Object.keys(labels).sort()).toEqual([...SERIES[key].labels].sort());
    }
    expect(total(expected.votes)).toBe(1000);
    expect(total(expected.turns)).toBe(200);
    expect(total(expected.sdkDropped)).toBe(7);
  });

  it('gives a plain GenAI app only turns and votes, with feature and prompt_version "none"', () => {
    const expected = expectedSeries(planReferenceWorkload(), 'plain-genai');
    expect(Object.keys(expected).sort()).toEqual(['turnDuration', 'turnTokens', 'turns', 'votes']);
    const features = new Set([...(expected.votes?.values() ?? [])].map((s) => s.labels.feature));
    expect(features).toEqual(new Set(['none']));
  });
});
