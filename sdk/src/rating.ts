import type { Rating } from '@bilan/contract';

interface RatingScale {
  min: number;
  max: number;
}

type NormalisedRating = { value: number; label: Rating } | { error: string };

/**
 * Maps a vote to the contract's score and label. Without a scale: +1/true is positive, −1/false negative,
 * any other non-zero number by its sign. With a scale: above its midpoint is positive, at or below negative
 * (a neutral answer is not a sign of trust). NaN, zero without a scale and values off the scale are errors.
 */
export function normaliseRating(input: unknown, scale?: unknown): NormalisedRating {
  const value = (typeof input === 'boolean' ? (input ? 1 : -1) : input) as number;
  // Number.isFinite is false for anything but a finite number (no coercion).
  if (!Number.isFinite(value)) return { error: 'rating is not a finite number' };
  let middle = 0;
  if (scale !== undefined && scale !== null) {
    const { min, max } = scale as RatingScale;
    if (!Number.isFinite(min) || !Number.isFinite(max) || min >= max) return { error: 'scale needs finite min < max' };
    if (value < min || value > max) return { error: `rating ${value} is off the scale ${min}..${max}` };
    middle = (min + max) / 2;
  } else if (value === 0) return { error: 'rating 0 needs a scale' };
  return { value, label: value > middle ? 'positive' : 'negative' };
}
