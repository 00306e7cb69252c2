import { describe, expect, it } from 'vitest';
import { normaliseRating } from './rating';

describe('normaliseRating', () => {
  it('maps thumbs up and down', () => {
    expect(normaliseRating(1)).toEqual({ value: 1, label: 'positive' });
    expect(normaliseRating(-1)).toEqual({ value: -1, label: 'negative' });
    expect(normaliseRating(true)).toEqual({ value: 1, label: 'positive' });
    expect(normaliseRating(false)).toEqual({ value: -1, label: 'negative' });
  });

  it('maps a scale around its midpoint, the midpoint as negative', () => {
    const scale = { min: 1, max: 5 };
    expect(normaliseRating(5, scale)).toEqual({ value: 5, label: 'positive' });
    expect(normaliseRating(4, scale)).toEqual({ value: 4, label: 'positive' });
    expect(normaliseRating(3, scale)).toEqual({ value: 3, label: 'negative' });
    expect(normaliseRating(1, scale)).toEqual({ value: 1, label: 'negative' });
    expect(normaliseRating(0.8, { min: 0, max: 1 })).toEqual({ value: 0.8, label: 'positive' });
  });

  describe('rejects what it cannot use', () => {
    it.each([
      [Number.NaN, undefined],
      [Number.POSITIVE_INFINITY, undefined],
      ['1', undefined],
      [0, undefined],
      [null, undefined],
      [6, { min: 1, max: 5 }],
      [3, { min: 5, max: 1 }],
      [3, { min: 'a', max: 5 }],
      [3, 'scale'],
    ])('%o with scale %o', (value, scale) => {
      expect(normaliseRating(value, scale)).toHaveProperty('error');
    });
  });
});
