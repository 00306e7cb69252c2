import type { Rating } from '@bilan/contract';

export interface RatingScale {
  min: number;
  max: number;
}

export type NormalisedRating = { value: number; label: Rating } | { error: string };

/**
 * Maps a vote to the contract's score and label. Without a scale: +1/true is positive, −1/false negative,
 * any other non-zero number by its sign. With a scale: above its midpoint is positive, at or below negative
 * (a neutral answer is not a sign of trust). NaN, zero without a scale and values off the scale are errors.
 */
export function normaliseRating(input: unknown, scale?: unknown): NormalisedRating {
  const value = typeof input === 'boolean' ? (input ? 1 : -1) : input;
  if (typeof value !== 'number' || !Number.isFinite(value))
    return { error: `rating must be a finite number, got ${typeof value}` };
  if (scale === undefined || scale === null) {
    if (value === 0) return { error: 'rating 0 is neither positive nor negative; pass a scale' };
    return { value, label: value > 0 ? 'positive' : 'negative' };
  }
  const { min, max } = scale as Partial<RatingScale>;
  if (
    typeof min !== 'number' ||
    typeof max !== 'number' ||
    !Number.isFinite(min) ||
    !Number.isFinite(max) ||
    min >= max
  ) {
    return { error: 'scale must be { min, max } with finite min < max' };
  }
  if (value < min || value > max) return { error: `rating ${value} is outside the scale ${min}..${max}` };
  return { value, label: value > (min + max) / 2 ? 'positive' : 'negative' };
}
