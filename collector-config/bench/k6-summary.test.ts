import { describe, expect, it } from 'vitest';
import { type IngestFigures, maxSustainableRate, meetsTarget, summariseK6 } from './k6-summary';

const SUMMARY = {
  metrics: {
    http_reqs: { values: { count: 150, rate: 49.9 } },
    'http_reqs{signal:logs}': { values: { count: 120, rate: 40 } },
    'http_reqs{signal:traces}': { values: { count: 30, rate: 10 } },
    http_req_duration: { values: { med: 0.7, 'p(95)': 1.7, 'p(99)': 8.3, max: 22.8 } },
    http_req_failed: { values: { rate: 0, passes: 0, fails: 150 } },
    vus_max: { values: { value: 50, min: 50, max: 50 } },
    data_sent: { values: { count: 1_125_000 } },
  },
};

describe('summariseK6', () => {
  it('picks the figures out of a k6 summary', () => {
    expect(summariseK6(SUMMARY, 50)).toEqual({
      targetRate: 50,
      requests: 150,
      logsRequests: 120,
      tracesRequests: 30,
      achievedRate: 49.9,
      p50Ms: 0.7,
      p95Ms: 1.7,
      p99Ms: 8.3,
      maxMs: 22.8,
      failedRequests: 0,
      droppedIterations: 0,
      maxVus: 50,
      bytesSentPerRequest: 7500,
    });
  });

  describe('edge cases', () => {
    it('refuses a summary of a run that sent nothing', () => {
      expect(() => summariseK6({ metrics: {} }, 50)).toThrow(/no http_reqs/);
    });
  });
});

describe('meetsTarget and maxSustainableRate', () => {
  const base = summariseK6(SUMMARY, 50);
  const step = (targetRate: number, change: Partial<IngestFigures> = {}) => ({ ...base, targetRate, ...change });

  it('needs P99 within 20 ms, no failure and no dropped iteration', () => {
    expect(meetsTarget(step(500))).toBe(true);
    expect(meetsTarget(step(500, { p99Ms: 20.5 }))).toBe(false);
    expect(meetsTarget(step(500, { failedRequests: 1 }))).toBe(false);
    expect(meetsTarget(step(500, { droppedIterations: 3 }))).toBe(false);
  });

  it('is the highest passing rate, even when a lower one failed', () => {
    expect(maxSustainableRate([step(500), step(1000, { p99Ms: 25 }), step(1500), step(2000, { p99Ms: 40 })])).toBe(
      1500,
    );
    expect(maxSustainableRate([step(500, { failedRequests: 2 })])).toBe(0);
  });
});
