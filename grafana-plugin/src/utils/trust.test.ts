import { describe, expect, it } from 'vitest';
import {
  DAY_MS,
  DECAY_HALF_LIFE_MS,
  decayWeight,
  decayWeightedTrust,
  rankByLowerBound,
  trustScore,
  wilsonInterval,
} from './trust';

describe('trustScore', () => {
  it("gives 66.67% for the original's fixture: votes +1, −1, +1", () => {
    const score = trustScore({ positive: 2, total: 3 });
    expect(score).toBeCloseTo(2 / 3, 10);
    expect(((score ?? 0) * 100).toFixed(2)).toBe('66.67');
  });

  it('is undefined with no votes, 0 with only negative ones', () => {
    expect(trustScore({ positive: 0, total: 0 })).toBeUndefined();
    expect(trustScore({ positive: 0, total: 2 })).toBe(0);
  });

  describe('bad input', () => {
    it('clamps a positive count above the total and ignores NaN totals', () => {
      expect(trustScore({ positive: 5, total: 4 })).toBe(1);
      expect(trustScore({ positive: 1, total: Number.NaN })).toBeUndefined();
    });
  });
});

describe('wilsonInterval', () => {
  // Hand-computed with z = 1.96: centre = (p + z²/2n) / (1 + z²/n), margin = z·√(p(1−p)/n + z²/4n²) / (1 + z²/n).
  it('matches hand-computed bounds for 2 of 3', () => {
    const i = wilsonInterval({ positive: 2, total: 3 });
    expect(i?.lower).toBeCloseTo(0.2077, 4);
    expect(i?.upper).toBeCloseTo(0.9385, 4);
  });

  it('matches hand-computed bounds for 1 of 1 and 0 of 10', () => {
    const one = wilsonInterval({ positive: 1, total: 1 });
    expect(one?.lower).toBeCloseTo(0.2065, 4);
    expect(one?.upper).toBe(1);
    const none = wilsonInterval({ positive: 0, total: 10 });
    expect(none?.lower).toBe(0);
    expect(none?.upper).toBeCloseTo(0.2775, 4);
  });

  it('narrows as votes grow and always contains the score', () => {
    const small = wilsonInterval({ positive: 9, total: 10 });
    const large = wilsonInterval({ positive: 900, total: 1000 });
    if (!small || !large) throw new Error('expected intervals');
    expect(large.upper - large.lower).toBeLessThan(small.upper - small.lower);
    expect(large.lower).toBeLessThan(0.9);
    expect(large.upper).toBeGreaterThan(0.9);
  });

  it('is undefined without votes', () => {
    expect(wilsonInterval({ positive: 0, total: 0 })).toBeUndefined();
  });
});

describe('rankByLowerBound', () => {
  it('never lets 3 perfect votes top 3,000 mostly positive ones', () => {
    const ranked = rankByLowerBound([
      { key: 'v3-three-votes', positive: 3, total: 3 },
      { key: 'v2-many-votes', positive: 2900, total: 3000 },
      { key: 'v1-poor', positive: 100, total: 300 },
    ]);
    expect(ranked.map((r) => r.key)).toEqual(['v2-many-votes', 'v3-three-votes', 'v1-poor']);
    expect(ranked[1]?.score).toBe(1);
    expect(ranked[1]?.lower).toBeCloseTo(0.4385, 4);
  });

  it('breaks ties by vote count, then key, and drops variants without votes', () => {
    const ranked = rankByLowerBound([
      { key: 'b', positive: 0, total: 0 },
      { key: 'c', positive: 1, total: 1 },
      { key: 'a', positive: 1, total: 1 },
    ]);
    expect(ranked.map((r) => r.key)).toEqual(['a', 'c']);
  });
});

describe('decayWeightedTrust', () => {
  const now = Date.UTC(2026, 10, 26);

  it('halves a vote after 7 days: +1 today, −1 a week ago → 1 / 1.5', () => {
    const votes = [
      { timeMs: now, positive: 1, total: 1 },
      { timeMs: now - 7 * DAY_MS, positive: 0, total: 1 },
    ];
    expect(decayWeightedTrust(votes, now)).toBeCloseTo(2 / 3, 10);
  });

  it('quarters it after 14 days: +1 today, −1 two weeks ago → 1 / 1.25', () => {
    const votes = [
      { timeMs: now, positive: 1, total: 1 },
      { timeMs: now - 14 * DAY_MS, positive: 0, total: 1 },
    ];
    expect(decayWeightedTrust(votes, now)).toBeCloseTo(0.8, 10);
  });

  it('equals the plain score when every vote is equally old, and weighs buckets of counts', () => {
    const buckets = [{ timeMs: now - 3 * DAY_MS, positive: 2, total: 3 }];
    expect(decayWeightedTrust(buckets, now)).toBeCloseTo(2 / 3, 10);
  });

  it('is undefined with no votes; a future vote weighs like a current one', () => {
    expect(decayWeightedTrust([], now)).toBeUndefined();
    expect(decayWeight(-DAY_MS)).toBe(1);
    expect(decayWeight(DECAY_HALF_LIFE_MS)).toBe(0.5);
  });
});
