// @vitest-environment jsdom
import { rangeUtil } from '@grafana/data';
import { describe, expect, it } from 'vitest';
import { roundInterval } from './interval';

// @grafana/data needs a browser global, hence jsdom for this one file.
describe("roundInterval agrees with Grafana's own", () => {
  it('for intervals from 1 ms to 20 years', () => {
    const samples: number[] = [];
    for (let ms = 1; ms < 20 * 31_536_000_000; ms = Math.ceil(ms * 1.07)) samples.push(ms, ms + 1);
    expect(samples.length).toBeGreaterThan(500);
    const differing = samples.filter((ms) => roundInterval(ms) !== rangeUtil.roundInterval(ms));
    expect(differing).toEqual([]);
  });
});
