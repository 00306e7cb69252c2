import { describe, expect, it } from 'vitest';
import { panelInterval, promDuration, roundInterval } from './interval';

describe('roundInterval', () => {
  it('rounds to the nice interval below each bound', () => {
    expect(roundInterval(50 * 60_000)).toBe(3_600_000); // 50 min → 1 h
    expect(roundInterval(3.6 * 3_600_000)).toBe(10_800_000); // 3.6 h → 3 h
    expect(roundInterval(40 * 86_400_000)).toBe(2_592_000_000);
    expect(roundInterval(10 * 365 * 86_400_000)).toBe(31_536_000_000);
  });
});

describe('panelInterval', () => {
  it('divides the range by the max data points and never goes below the min step', () => {
    expect(panelInterval('30d', 200, '1h')).toBe('3h');
    expect(panelInterval('7d', 200, '1h')).toBe('1h');
    expect(panelInterval('6h', 200)).toBe('2m');
  });
  describe('bad input', () => {
    it('refuses no data points', () => {
      expect(() => panelInterval('1d', 0)).toThrow(/maxDataPoints/);
    });
  });
});

describe('promDuration', () => {
  it('writes the largest whole unit', () => {
    expect([86_400_000, 10_800_000, 90_000, 1_500].map(promDuration)).toEqual(['1d', '3h', '90s', '1500ms']);
  });
});
