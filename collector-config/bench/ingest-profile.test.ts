import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBaseline } from './bench-pipeline';
import { findK6 } from './k6';
import type { LoadProfile } from './load-profile';
import { type MeasuredProfile, measureProfile } from './measure';

/** The seed profile's shape in 5 s, with 2 users pausing 50 ms between requests: a smoke run, not a load. */
const SMOKE_PROFILE: LoadProfile = {
  name: 'smoke',
  phases: [
    { name: 'ramp-up', seconds: 2, fromVus: 0, toVus: 1 },
    { name: 'hold-2', seconds: 2, fromVus: 2, toVus: 2 },
    { name: 'ramp-down', seconds: 1, fromVus: 2, toVus: 0 },
  ],
  thresholds: { p95Ms: 25, p99Ms: 50, errorRate: 0.01 },
  pauseSeconds: 0.05,
};
const EVENTS_PER_BATCH = 10;

describe('ingest load profile, smoke run against the bare receiver', () => {
  let stop: (() => Promise<void>) | undefined;
  let run: MeasuredProfile;

  beforeAll(async () => {
    findK6();
    const baseline = await startBaseline();
    stop = baseline.stop;
    run = await measureProfile(baseline.target, SMOKE_PROFILE);
  });

  afterAll(async () => {
    await stop?.();
  });

  it('measures every phase: requests tagged with it, latency, and the CPU and memory while it ran', () => {
    expect(run.phases.map((p) => p.phase)).toEqual(['ramp-up', 'hold-2', 'ramp-down']);
    const hold = run.phases[1];
    expect(hold?.requests).toBeGreaterThan(10);
    expect(hold?.p99Ms).toBeGreaterThan(0);
    expect(hold?.failedShare).toBe(0);
    expect(hold?.cores.k6).toBeGreaterThan(0);
    expect(hold?.collectorPeakRssBytes).toBeGreaterThan(10 * 1024 * 1024);
  });

  it('has the receiver accept 10 events for every request k6 sent in the phases', () => {
    const requests = run.phases.reduce((sum, p) => sum + p.requests, 0);
    expect(run.received.acceptedLogRecords + run.received.acceptedSpans).toBe(requests * EVENTS_PER_BATCH);
    expect(run.received.refused).toBe(0);
  });

  it("judges the seed's three thresholds", () => {
    expect(run.thresholds.map((t) => t.threshold)).toEqual(['p(95)<25', 'p(99)<50', 'rate<0.01']);
    expect(run.thresholds.find((t) => t.threshold === 'rate<0.01')?.ok).toBe(true);
  });
});
