import { describe, expect, it } from 'vitest';
import { SEED_SHORT_PROFILE } from './load-profile';
import type { MeasuredPhase, MeasuredProfile } from './measure';
import { compareProfiles, phaseCpuPerThousandRequests, renderProfileTable } from './report';

function phase(name: string, requests: number, p99Ms: number, collectorCores: number): MeasuredPhase {
  const seconds = SEED_SHORT_PROFILE.phases.find((p) => p.name === name)?.seconds ?? 0;
  return {
    phase: name,
    requests,
    ratePerSecond: seconds ? requests / seconds : 0,
    p50Ms: 1,
    p95Ms: 3,
    p99Ms,
    failedShare: 0,
    cores: { k6: 0.8, collector: collectorCores, backends: 0.05, other: 0.1 },
    collectorPeakRssBytes: 100 * 1024 * 1024,
  };
}

function run(target: string, requestsPerPhase: number, p99Ms: number, collectorCores: number): MeasuredProfile {
  return {
    target,
    profile: SEED_SHORT_PROFILE.name,
    phases: SEED_SHORT_PROFILE.phases.map((p) => phase(p.name, requestsPerPhase, p99Ms, collectorCores)),
    thresholds: [
      { metric: 'http_req_duration{expected_response:true}', threshold: 'p(95)<25', ok: true },
      { metric: 'http_req_failed', threshold: 'rate<0.01', ok: p99Ms < 50 },
    ],
    received: { acceptedLogRecords: 800, acceptedSpans: 200, refused: 0, refusedByMemoryLimiter: 0 },
    exporters: { queued: 0, failed: 0 },
  };
}

describe('renderProfileTable', () => {
  it('renders a row per target and phase, users as a ramp where they change', () => {
    const rows = renderProfileTable([run('pipeline', 6000, 40, 0.9)], SEED_SHORT_PROFILE).split('\n');
    expect(rows).toHaveLength(2 + 4);
    expect(rows[2]).toBe(
      '| pipeline | ramp-up | 0→100 | 6000 | 500 | 1.00 | 3.00 | 40.00 | 0.00 | 0.80 | 0.90 | 0.05 | 0.10 | 100 |',
    );
    expect(rows[4]).toMatch(/^\| pipeline \| hold-200 \| 200 \| 6000 \| 200 \|/);
  });
});

describe('phaseCpuPerThousandRequests', () => {
  it('is Collector core-seconds per 1,000 requests, 0 with no request', () => {
    expect(phaseCpuPerThousandRequests(phase('hold-100', 60_000, 10, 1), 60)).toBe(1);
    expect(phaseCpuPerThousandRequests(phase('hold-100', 0, 10, 1), 60)).toBe(0);
  });
});

describe('compareProfiles', () => {
  it('gives the thresholds per target, then per phase the rate, P99 and CPU per request as ratios', () => {
    const lines = compareProfiles(run('pipeline', 6000, 60, 1.2), run('baseline', 12000, 20, 0.6), SEED_SHORT_PROFILE);
    expect(lines[0]).toBe(
      "baseline: the seed's thresholds p(95)<25 met, rate<0.01 met; receiver accepted 1000 events, refused 0 (by memory_limiter 0)",
    );
    expect(lines[1]).toMatch(/^pipeline: the seed's thresholds p\(95\)<25 met, rate<0.01 NOT met;/);
    expect(lines[3]).toBe(
      "hold-100: pipeline 100 requests/s against the baseline's 200 (0.50×), P99 3.00× baseline, Collector CPU per request 4.00× baseline",
    );
  });

  it('gives only the thresholds when one target did not run', () => {
    expect(compareProfiles(run('pipeline', 6000, 60, 1.2), undefined, SEED_SHORT_PROFILE)).toHaveLength(1);
  });
});
