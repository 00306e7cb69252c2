import { describe, expect, it } from 'vitest';
import { SEED_SHORT_PROFILE } from '../../collector-config/bench/load-profile';
import type { MeasuredProfile } from '../../collector-config/bench/measure';
import { dashboardFigures, ingestFigures } from './json-figures';

function profileRun(target: string, requests: number, p99Ms: number, collectorCores: number): MeasuredProfile {
  return {
    target,
    profile: 'seed-short',
    phases: SEED_SHORT_PROFILE.phases.map((p) => ({
      phase: p.name,
      requests,
      ratePerSecond: requests / p.seconds,
      p50Ms: 1,
      p95Ms: p99Ms / 2,
      p99Ms,
      failedShare: 0,
      cores: { k6: 0.8, collector: collectorCores, backends: 0.05, other: 0.1 },
      collectorPeakRssBytes: 128 * 1024 * 1024,
    })),
    thresholds: [
      { metric: 'http_req_duration{expected_response:true}', threshold: 'p(95)<25', ok: true },
      { metric: 'http_req_duration{expected_response:true}', threshold: 'p(99)<50', ok: false },
    ],
    received: { acceptedLogRecords: 10, acceptedSpans: 0, refused: 3, refusedByMemoryLimiter: 0 },
    exporters: { queued: 0, failed: 0 },
  };
}

describe('ingestFigures', () => {
  const figures = ingestFigures({
    profile: SEED_SHORT_PROFILE,
    runs: [profileRun('baseline', 120_000, 20, 0.5), profileRun('pipeline', 60_000, 60, 1)],
  });

  it('gives the pipeline per phase as ratios to the bare receiver of the same run', () => {
    const hold = figures.filter((f) => f.measure.startsWith('hold-100:'));
    expect(hold.find((f) => f.measure === 'hold-100: requests/s')).toMatchObject({ value: '1000', ratio: 0.5 });
    expect(hold.find((f) => f.measure === 'hold-100: p99')).toMatchObject({
      value: '60.0 ms',
      target: '< 50 ms',
      ratio: 3,
    });
    // 1 core for 60 s over 60,000 requests against 0.5 core over 120,000: 4× the CPU per request.
    expect(hold.find((f) => f.measure === 'hold-100: Collector CPU per 1,000 requests')).toMatchObject({
      value: '1.00 core-s',
      target: '≤ 1.5× bare receiver',
      ratio: 4,
    });
    expect(hold.find((f) => f.measure === 'hold-100: Collector peak RSS')).toMatchObject({
      value: '128 MiB',
      ratio: 1,
    });
  });

  it("ends with k6's verdict on the seed's thresholds, the receiver's refusals and the memory limiter's", () => {
    expect(figures.at(-3)).toMatchObject({ value: 'p(95)<25 met, p(99)<50 not met', target: 'all met' });
    expect(figures.at(-2)).toMatchObject({
      measure: 'events refused by the receiver (memory_limiter or a full sending queue)',
      value: '3',
      target: '0',
    });
    expect(figures.at(-1)).toMatchObject({ measure: 'events refused by memory_limiter', value: '0', target: '0' });
  });

  describe('without a pipeline run', () => {
    it('gives nothing', () => {
      expect(ingestFigures({ profile: SEED_SHORT_PROFILE, runs: [] })).toEqual([]);
    });
  });
});

describe('dashboardFigures', () => {
  it('gives per scenario the slowest P95, the count within target and the median P50 against vector(1)', () => {
    const figures = dashboardFigures({
      days: 30,
      baselineP50: 2,
      timings: [
        { scenario: 'all', p50: 4, p95: 9 },
        { scenario: 'all', p50: 6, p95: 20 },
        { scenario: 'all', p50: 10, p95: 12 },
      ],
    });
    expect(figures).toEqual([
      { bench: 'dashboards (30 days)', measure: 'all: slowest query P95', value: '20.0 ms', target: '≤ 15 ms' },
      { bench: 'dashboards (30 days)', measure: 'all: queries within target', value: '2 of 3', target: 'all' },
      { bench: 'dashboards (30 days)', measure: 'all: median query P50', value: '6.0 ms', target: '', ratio: 3 },
    ]);
  });
  it("adds Prometheus's execution time alone where the queries report it", () => {
    const figures = dashboardFigures({
      days: 30,
      baselineP50: 2,
      timings: [
        { scenario: 'app', p50: 4, p95: 16, execP95: 11 },
        { scenario: 'app', p50: 6, p95: 25, execP95: 19.5 },
        // A label-values request reports no execution time.
        { scenario: 'app', p50: 1, p95: 3 },
      ],
    });
    expect(figures.slice(3)).toEqual([
      {
        bench: 'dashboards (30 days)',
        measure: "app: slowest query P95, Prometheus's execution alone",
        value: '19.5 ms',
        target: '≤ 15 ms',
      },
      {
        bench: 'dashboards (30 days)',
        measure: "app: queries within target, Prometheus's execution alone",
        value: '1 of 2',
        target: 'all',
      },
    ]);
  });
});
