import { describe, expect, it } from 'vitest';
import { histogramQuantile, onLabels, selectSeries, sumRate } from './promql';

describe('selectSeries', () => {
  it('renders matchers in braces and leaves a bare name alone', () => {
    expect(selectSeries('up', 'job="a"', '', 'x!="b"')).toBe('up{job="a", x!="b"}');
    expect(selectSeries('up')).toBe('up');
  });
});

describe('sumRate', () => {
  it('aggregates by the given labels', () => {
    expect(sumRate('x{a="1"}', '5m', ['a', 'b'])).toBe('sum by (a, b) (rate(x{a="1"}[5m]))');
  });
});

describe('histogramQuantile', () => {
  it('keeps le and the given labels', () => {
    expect(histogramQuantile(0.95, 'h_seconds', 'job="j"', '5m', ['job'])).toBe(
      'histogram_quantile(0.95, sum by (le, job) (rate(h_seconds_bucket{job="j"}[5m])))',
    );
  });
});

describe('onLabels', () => {
  it('renders vector matching', () => {
    expect(onLabels(['a', 'b'])).toBe('on (a, b)');
  });
});
