import { describe, expect, it } from 'vitest';
import { countOverRange, ratingOf, ratioOrZero, shareOrZero, sumCountOverRange, toLokiLabel } from './query-semantics';

describe('countOverRange', () => {
  it('counts over the range ending now', () => {
    expect(countOverRange('bilan_votes_total{feature="a"}', '$__range')).toBe(
      'sum_over_time(bilan_votes_total{feature="a"}[$__range])',
    );
  });

  it('counts over the range ending `offset` ago', () => {
    expect(countOverRange('bilan_votes_total', '1h', '1h')).toBe('sum_over_time(bilan_votes_total[1h] offset 1h)');
  });
});

describe('sumCountOverRange', () => {
  it('sums every series', () => {
    expect(sumCountOverRange('bilan_votes_total', '5m')).toBe('sum (sum_over_time(bilan_votes_total[5m]))');
  });

  it('sums per label, with an offset', () => {
    expect(sumCountOverRange('bilan_votes_total', '1d', ['feature', 'rating'], '1d')).toBe(
      'sum by (feature, rating) (sum_over_time(bilan_votes_total[1d] offset 1d))',
    );
  });
});

describe('ratioOrZero', () => {
  it('falls back to 0 where the whole has events and the part has none, and to nothing without a whole', () => {
    expect(ratioOrZero('sum by (feature) (p)', 'sum by (feature) (w)')).toBe(
      '((sum by (feature) (p)) or 0 * (sum by (feature) (w))) / (sum by (feature) (w))',
    );
  });

  it('keeps a part with operators of its own together', () => {
    expect(ratioOrZero('a * 60', 'b * 60')).toBe('((a * 60) or 0 * (b * 60)) / (b * 60)');
  });
});

describe('shareOrZero', () => {
  const byRating = 'sum by (feature, rating) (v)';
  it('weighs the counts by value, 1 for the one counted and 0 for the others, over the whole', () => {
    expect(
      shareOrZero(byRating, 'rating', 'positive', ['positive', 'negative'], 'sum by (feature) (w)', ['feature']),
    ).toBe(
      'sum by (feature) ((sum by (feature, rating) (v)) * on (rating) group_left () ' +
        '(label_replace(vector(1), "rating", "positive", "", "") or label_replace(vector(0), "rating", "negative", "", ""))) ' +
        '/ (sum by (feature) (w))',
    );
  });

  it('sums over everything without a grouping', () => {
    expect(shareOrZero('v', 'outcome', 'error', ['success', 'error'], 'w')).toBe(
      'sum ((v) * on (outcome) group_left () ' +
        '(label_replace(vector(0), "outcome", "success", "", "") or label_replace(vector(1), "outcome", "error", "", ""))) / (w)',
    );
  });

  it('refuses a value the label cannot take', () => {
    expect(() => shareOrZero(byRating, 'rating', 'neutral', ['positive', 'negative'], 'w')).toThrow(
      /neutral is not one of rating's values/,
    );
  });
});

describe('ratingOf', () => {
  it('takes the label when it is positive or negative, whatever the score', () => {
    expect(ratingOf('positive', -1)).toBe('positive');
    expect(ratingOf('negative', 5)).toBe('negative');
  });

  it('otherwise takes the sign of a non-zero score, numbers and numeric strings alike', () => {
    expect(ratingOf(undefined, 1)).toBe('positive');
    expect(ratingOf('meh', -0.5)).toBe('negative');
    expect(ratingOf(undefined, '3')).toBe('positive');
    expect(ratingOf(undefined, '-2')).toBe('negative');
    expect(ratingOf(undefined, Number.POSITIVE_INFINITY)).toBe('positive');
    expect(ratingOf(undefined, true)).toBe('positive');
  });

  describe('no rating', () => {
    it('for a score of 0, however written', () => {
      for (const zero of [0, -0, '0', '0.0', false]) expect(ratingOf(undefined, zero)).toBeUndefined();
    });

    it('for a missing, empty or non-numeric score', () => {
      for (const score of [undefined, null, '', ' ', 'abc', Number.NaN, {}])
        expect(ratingOf('', score)).toBeUndefined();
    });
  });
});

describe('toLokiLabel', () => {
  it('turns every character outside [a-zA-Z0-9_] into _', () => {
    expect(toLokiLabel('gen_ai.request.model')).toBe('gen_ai_request_model');
    expect(toLokiLabel('deployment.environment.name')).toBe('deployment_environment_name');
    expect(toLokiLabel('a-b/c:d')).toBe('a_b_c_d');
  });

  it('replaces a character outside the BMP by one _, as Go does per rune', () => {
    expect(toLokiLabel('mood.😀')).toBe('mood__');
    expect(toLokiLabel('é')).toBe('key_');
  });

  describe('the first character', () => {
    it('puts key_ before a leading digit', () => {
      expect(toLokiLabel('3d.model')).toBe('key_3d_model');
    });

    it('puts key before a single leading _, also one made from another character', () => {
      expect(toLokiLabel('_private')).toBe('key_private');
      expect(toLokiLabel('.hidden')).toBe('key_hidden');
    });

    it('keeps a leading __ and an empty name', () => {
      expect(toLokiLabel('__name')).toBe('__name');
      expect(toLokiLabel('')).toBe('');
    });
  });
});
