import { queryPrometheus, storedTotal, waitFor } from '@bilan/stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BenchPipeline, startBenchPipeline } from './bench-pipeline';
import { findK6 } from './k6';
import { type MeasuredRun, measureRun, readReceiverCounts } from './measure';

/** Smoke run of the ingest benchmark: a few seconds at a small rate, on the real pipeline. */
const SMOKE = { rate: 40, duration: '3s' };
const EVENTS_PER_BATCH = 10;
const VOTES_PER_FEEDBACK_BATCH = 6;

describe('ingest benchmark, smoke run', () => {
  let pipeline: BenchPipeline;
  let run: MeasuredRun;

  beforeAll(async () => {
    findK6(); // fails with how to install k6 when it is missing
    pipeline = await startBenchPipeline();
    run = await measureRun(pipeline.target, SMOKE, pipeline.backendPids);
  }, 120_000);

  afterAll(async () => {
    await pipeline?.stop();
  });

  it('sends both kinds of batch with no failed request', () => {
    const f = run.figures;
    expect(f.requests).toBeGreaterThanOrEqual(SMOKE.rate * 2);
    expect(f.logsRequests).toBeGreaterThan(0);
    expect(f.tracesRequests).toBeGreaterThan(0);
    expect(f.logsRequests + f.tracesRequests).toBe(f.requests);
    expect(f.failedRequests).toBe(0);
  });

  it('reads the Collector’s own request-duration histogram for the run', () => {
    expect(Number.isFinite(run.serverP99Ms)).toBe(true);
    expect(run.serverP99Ms).toBeGreaterThan(0);
  });

  it('has the Collector accept every event of every batch and refuse none', () => {
    expect(run.received).toEqual({
      acceptedLogRecords: run.figures.logsRequests * EVENTS_PER_BATCH,
      acceptedSpans: run.figures.tracesRequests * EVENTS_PER_BATCH,
      refused: 0,
      refusedByMemoryLimiter: 0,
    });
  });

  it('delivers every event to the Tempo and Loki stand-in', async () => {
    const expected = {
      acceptedLogRecords: run.figures.logsRequests * EVENTS_PER_BATCH,
      acceptedSpans: run.figures.tracesRequests * EVENTS_PER_BATCH,
      refused: 0,
      refusedByMemoryLimiter: 0,
    };
    const delivered = await waitFor(
      async () => {
        const counts = await readReceiverCounts(pipeline.sinkMetricsUrl);
        return counts.acceptedLogRecords === expected.acceptedLogRecords &&
          counts.acceptedSpans === expected.acceptedSpans
          ? counts
          : undefined;
      },
      { timeoutMs: 30_000, what: 'the sink to receive every exported event' },
    );
    expect(delivered).toEqual(expected);
  });

  it('counts every vote in Prometheus', async () => {
    const votes = run.figures.logsRequests * VOTES_PER_FEEDBACK_BATCH;
    const promql = `sum(${storedTotal('votes', 'service_name="bench-app", environment="bench"')})`;
    const value = await waitFor(
      async () => {
        const result = await queryPrometheus(pipeline.prometheusUrl, promql);
        const v = Number(result[0]?.value?.[1] ?? Number.NaN);
        return v === votes ? v : undefined;
      },
      { timeoutMs: 45_000, what: `${promql} to reach ${votes}` },
    );
    expect(value).toBe(votes);
  });
});
