import { describe, expect, it } from 'vitest';
import type { IngestFigures } from './k6-summary';
import type { MeasuredRun } from './measure';
import { capacityEstimate, compareToBaseline, cpuPerThousandRequests, renderRunsTable } from './report';

function run(target: string, targetRate: number, p99Ms: number, collectorCores: number): MeasuredRun {
  const figures: IngestFigures = {
    targetRate,
    requests: targetRate * 10,
    logsRequests: targetRate * 8,
    tracesRequests: targetRate * 2,
    achievedRate: targetRate,
    p50Ms: 1,
    p95Ms: 2,
    p99Ms,
    maxMs: 50,
    failedRequests: 0,
    droppedIterations: 0,
    maxVus: 50,
    bytesSentPerRequest: 7400,
  };
  return {
    target,
    figures,
    cores: { k6: 0.5, collector: collectorCores, backends: 0.1, other: 0.3 },
    collectorPeakRssBytes: 120 * 1024 * 1024,
    received: {
      acceptedLogRecords: targetRate * 80,
      acceptedSpans: targetRate * 20,
      refused: 0,
      refusedByMemoryLimiter: 0,
    },
    exporters: { queued: 0, failed: 0 },
    serverP99Ms: 4.2,
    verdict: 'not saturated',
  };
}

describe('renderRunsTable', () => {
  it('renders one row per run under a header', () => {
    const table = renderRunsTable([run('pipeline', 500, 4.5, 0.4)]).split('\n');
    expect(table).toHaveLength(3);
    expect(table[2]).toBe(
      '| pipeline | 500 (500) | 5000 | 1.00 | 2.00 | 4.50 | 4.2 | 0 | 0 | 50000 | 0.50 | 0.40 | 0.10 | 0.30 | 120 | 0 |',
    );
  });
});

describe('cpuPerThousandRequests', () => {
  it('is Collector CPU seconds over the run per 1,000 requests', () => {
    expect(cpuPerThousandRequests(run('x', 500, 1, 0.5), 10)).toBe(1);
  });
});

describe('compareToBaseline', () => {
  it('gives ratios at shared rates and each side’s best rate', () => {
    const pipeline = [run('pipeline', 500, 6, 0.6), run('pipeline', 1000, 30, 1.2)];
    const baseline = [run('baseline', 500, 3, 0.2), run('baseline', 1000, 8, 0.4)];
    expect(compareToBaseline(pipeline, baseline, 10)).toEqual([
      'at 500/s: pipeline P99 2.00× baseline, Collector CPU per request 3.00× baseline',
      'at 1000/s: pipeline P99 3.75× baseline, Collector CPU per request 3.00× baseline',
      'max rate meeting P99 ≤ 20 ms with no error: pipeline 500/s, baseline 1000/s',
    ]);
  });
});

describe('capacityEstimate', () => {
  it('scales the achieved rate to all cores by the CPU it cost, with and without k6', () => {
    // 1000/s cost 0.4 Collector + 0.1 back-end + 0.5 k6 cores.
    expect(capacityEstimate(run('pipeline', 1000, 5, 0.4), 2)).toEqual({ withK6: 2000, collectorOnly: 4000 });
  });

  it('is zero for a run that used no CPU', () => {
    expect(
      capacityEstimate({ ...run('x', 0, 5, 0), cores: { k6: 0, collector: 0, backends: 0, other: 0 } }, 2),
    ).toEqual({ withK6: 0, collectorOnly: 0 });
  });
});
