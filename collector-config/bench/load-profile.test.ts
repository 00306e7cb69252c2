import { describe, expect, it } from 'vitest';
import {
  k6Stages,
  k6Thresholds,
  phaseEnds,
  profileByName,
  SEED_PROFILE,
  SEED_SHORT_PROFILE,
  shortened,
  totalSeconds,
} from './load-profile';

describe('SEED_PROFILE', () => {
  it('is the seed’s 19 minutes: ramp to 100 users over 2 min, 10 min at 100, 5 min at 200, 2 min down', () => {
    expect(k6Stages(SEED_PROFILE)).toEqual([
      { duration: '120s', target: 100 },
      { duration: '600s', target: 100 },
      { duration: '0s', target: 200 },
      { duration: '300s', target: 200 },
      { duration: '120s', target: 0 },
    ]);
    expect(totalSeconds(SEED_PROFILE)).toBe(19 * 60);
  });

  it('carries the seed’s thresholds, both latency marks on successful requests', () => {
    expect(k6Thresholds(SEED_PROFILE)).toEqual({
      'http_req_duration{expected_response:true}': ['p(95)<25', 'p(99)<50'],
      http_req_failed: ['rate<0.01'],
    });
  });
});

describe('SEED_SHORT_PROFILE', () => {
  it('has the same shape, users and thresholds in at most 2 minutes', () => {
    expect(totalSeconds(SEED_SHORT_PROFILE)).toBeLessThanOrEqual(120);
    expect(k6Stages(SEED_SHORT_PROFILE).map((s) => s.target)).toEqual(k6Stages(SEED_PROFILE).map((s) => s.target));
    expect(SEED_SHORT_PROFILE.thresholds).toEqual(SEED_PROFILE.thresholds);
    expect(phaseEnds(SEED_SHORT_PROFILE)).toEqual([
      { name: 'ramp-up', endSeconds: 12 },
      { name: 'hold-100', endSeconds: 72 },
      { name: 'hold-200', endSeconds: 102 },
      { name: 'ramp-down', endSeconds: 114 },
    ]);
  });
});

describe('shortened', () => {
  it('refuses a factor outside (0, 1]', () => {
    expect(() => shortened(SEED_PROFILE, 0, 'x')).toThrow('factor must be in (0, 1], got 0');
    expect(() => shortened(SEED_PROFILE, 2, 'x')).toThrow('got 2');
  });
});

describe('profileByName', () => {
  it('names the known profiles when asked for an unknown one', () => {
    expect(profileByName('seed')).toBe(SEED_PROFILE);
    expect(() => profileByName('soak')).toThrow('unknown load profile "soak": use one of seed, seed-short');
  });
});
