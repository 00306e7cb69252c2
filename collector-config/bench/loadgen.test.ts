import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBaseline } from './bench-pipeline';
import { type MeasuredRun, measureRun } from './measure';

/** Smoke run of the Go load generator against the real bare receiver. */
const SMOKE = { rate: 50, duration: '2s', generator: 'go' as const };
const EVENTS_PER_BATCH = 10;

describe('bilan-loadgen', () => {
  it("passes its own Go tests (refilled ids and times, k6's quantiles)", () => {
    const source = fileURLToPath(new URL('./loadgen/', import.meta.url));
    expect(() => execFileSync('go', ['test', '.'], { cwd: source, stdio: 'pipe' })).not.toThrow();
  });

  describe('against the bare receiver', () => {
    let baseline: Awaited<ReturnType<typeof startBaseline>>;
    let run: MeasuredRun;

    beforeAll(async () => {
      baseline = await startBaseline();
      run = await measureRun(baseline.target, SMOKE);
    });

    afterAll(async () => {
      await baseline?.stop();
    });

    it('sends at the rate asked, four feedback batches for each batch of turns, with no failure', () => {
      const f = run.figures;
      expect(f.requests).toBeGreaterThanOrEqual(SMOKE.rate * 2 - 2);
      expect(f.requests).toBeLessThanOrEqual(SMOKE.rate * 2);
      expect(f.tracesRequests).toBe(Math.floor(f.requests / 5));
      expect(f.logsRequests + f.tracesRequests).toBe(f.requests);
      expect(f.failedRequests).toBe(0);
      expect(f.droppedIterations).toBe(0);
      expect(f.p99Ms).toBeGreaterThan(0);
    });

    it('has the receiver accept exactly ten events per request', () => {
      expect(run.received).toEqual({
        acceptedLogRecords: run.figures.logsRequests * EVENTS_PER_BATCH,
        acceptedSpans: run.figures.tracesRequests * EVENTS_PER_BATCH,
        refused: 0,
        refusedByMemoryLimiter: 0,
      });
    });

    it("records the generator's own CPU", () => {
      expect(run.cores.k6).toBeGreaterThan(0);
    });
  });
});
