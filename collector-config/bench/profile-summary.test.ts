import { describe, expect, it } from 'vitest';
import { k6Thresholds, SEED_SHORT_PROFILE } from './load-profile';
import { summarisePhases, thresholdResults } from './profile-summary';

/** The shape of a k6 v1 summary (handleSummary's data) for a run of the short seed profile. */
const SUMMARY = {
  metrics: {
    'http_reqs{phase:ramp-up}': { values: { count: 1200, rate: 10 } },
    'http_req_duration{phase:ramp-up}': { values: { med: 2, 'p(95)': 9, 'p(99)': 14 } },
    'http_req_failed{phase:ramp-up}': { values: { rate: 0 } },
    'http_reqs{phase:hold-200}': { values: { count: 45000 } },
    'http_req_duration{phase:hold-200}': { values: { med: 60, 'p(95)': 120, 'p(99)': 180 } },
    'http_req_failed{phase:hold-200}': { values: { rate: 0.002 } },
    'http_req_duration{expected_response:true}': {
      values: {},
      thresholds: { 'p(95)<25': { ok: false }, 'p(99)<50': { ok: false } },
    },
    http_req_failed: { values: {}, thresholds: { 'rate<0.01': { ok: true } } },
  },
};

describe('summarisePhases', () => {
  it('gives each phase its requests, rate over the phase length, percentiles and failures', () => {
    const phases = summarisePhases(SUMMARY, SEED_SHORT_PROFILE);
    expect(phases.map((p) => p.phase)).toEqual(['ramp-up', 'hold-100', 'hold-200', 'ramp-down']);
    expect(phases[0]).toEqual({
      phase: 'ramp-up',
      requests: 1200,
      ratePerSecond: 100,
      p50Ms: 2,
      p95Ms: 9,
      p99Ms: 14,
      failedShare: 0,
    });
    expect(phases[2]).toMatchObject({ requests: 45000, ratePerSecond: 1500, p99Ms: 180, failedShare: 0.002 });
  });

  describe('a phase k6 never reached', () => {
    it('has zeros, not NaN', () => {
      expect(summarisePhases(SUMMARY, SEED_SHORT_PROFILE)[1]).toMatchObject({
        requests: 0,
        ratePerSecond: 0,
        p99Ms: 0,
      });
    });
  });
});

describe('thresholdResults', () => {
  it("reports k6's verdict on each of the seed's thresholds", () => {
    expect(thresholdResults(SUMMARY, k6Thresholds(SEED_SHORT_PROFILE))).toEqual([
      { metric: 'http_req_duration{expected_response:true}', threshold: 'p(95)<25', ok: false },
      { metric: 'http_req_duration{expected_response:true}', threshold: 'p(99)<50', ok: false },
      { metric: 'http_req_failed', threshold: 'rate<0.01', ok: true },
    ]);
  });

  it('counts a threshold missing from the summary as not met', () => {
    expect(thresholdResults({ metrics: {} }, { http_req_failed: ['rate<0.01'] })).toEqual([
      { metric: 'http_req_failed', threshold: 'rate<0.01', ok: false },
    ]);
  });
});
