/**
 * Trust maths: the share of positive votes, its Wilson score interval, ranking
 * by the interval's lower bound, and the decay-weighted score (7-day half-life).
 */

/** z for a two-sided 95% interval. */
const Z_95 = 1.959963984540054;
export const DAY_MS = 24 * 60 * 60 * 1000;
/** The original product weighed a vote half as much after a week. */
export const DECAY_HALF_LIFE_MS = 7 * DAY_MS;

export interface VoteCounts {
  positive: number;
  total: number;
}

interface Interval {
  lower: number;
  upper: number;
}

/** Positive ÷ all votes in [0, 1]; undefined when there are no votes (not 0: "no data" is not "distrusted"). */
export function trustScore({ positive, total }: VoteCounts): number | undefined {
  if (!(total > 0)) return undefined;
  return clamp01(positive / total);
}

/** Wilson score interval of the positive share; undefined without votes. */
export function wilsonInterval({ positive, total }: VoteCounts, z = Z_95): Interval | undefined {
  if (!(total > 0)) return undefined;
  const p = clamp01(positive / total);
  const z2 = z * z;
  const denominator = 1 + z2 / total;
  const centre = (p + z2 / (2 * total)) / denominator;
  const margin = (z * Math.sqrt((p * (1 - p)) / total + z2 / (4 * total * total))) / denominator;
  return { lower: clamp01(centre - margin), upper: clamp01(centre + margin) };
}

export interface RankedVariant extends VoteCounts {
  key: string;
  score: number;
  lower: number;
  upper: number;
}

/**
 * Ranks variants (prompt versions, models) by the lower bound of their Wilson
 * interval, so 3 happy votes never outrank 3,000 mostly happy ones. Ties go to
 * the variant with more votes, then by key. Variants without votes are left out.
 */
export function rankByLowerBound(variants: readonly (VoteCounts & { key: string })[]): RankedVariant[] {
  const ranked: RankedVariant[] = [];
  for (const v of variants) {
    const interval = wilsonInterval(v);
    const score = trustScore(v);
    if (!interval || score === undefined) continue;
    ranked.push({ key: v.key, positive: v.positive, total: v.total, score, ...interval });
  }
  return ranked.sort((a, b) => b.lower - a.lower || b.total - a.total || a.key.localeCompare(b.key));
}

/** Weight of a vote `ageMs` old: 1 now, ½ after one half-life. A vote from the future counts as now. */
export function decayWeight(ageMs: number, halfLifeMs = DECAY_HALF_LIFE_MS): number {
  return 0.5 ** (Math.max(0, ageMs) / halfLifeMs);
}

export interface TimedVoteCounts extends VoteCounts {
  timeMs: number;
}

/**
 * Decay-weighted trust: every vote (or bucket of votes counted at `timeMs`)
 * weighs `decayWeight(now − timeMs)`. Undefined without votes.
 */
export function decayWeightedTrust(
  samples: readonly TimedVoteCounts[],
  nowMs: number,
  halfLifeMs = DECAY_HALF_LIFE_MS,
): number | undefined {
  let positive = 0;
  let total = 0;
  for (const s of samples) {
    if (!(s.total > 0)) continue;
    const w = decayWeight(nowMs - s.timeMs, halfLifeMs);
    positive += w * s.positive;
    total += w * s.total;
  }
  return trustScore({ positive, total });
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}
