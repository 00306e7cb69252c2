import { describe, expect, it } from 'vitest';
import { findBottleneck } from './bottleneck';
import type { IngestFigures } from './k6-summary';

const figures = { droppedIterations: 0, failedRequests: 0 } as IngestFigures;

describe('findBottleneck', () => {
  it('calls a run CPU-bound when the cores are nearly all busy, naming the largest user', () => {
    expect(findBottleneck(figures, { k6: 0.6, collector: 1.1, backends: 0.1, other: 0 }, 2)).toBe(
      'CPU-bound: 90% of 2 cores busy (k6 30%, Collector 55%, back ends 5%, other processes 0%); the largest user is the Collector',
    );
    expect(findBottleneck(figures, { k6: 1.0, collector: 0.8, backends: 0, other: 0 }, 2)).toMatch(
      /largest user is k6/,
    );
    expect(findBottleneck(figures, { k6: 0.3, collector: 0.3, backends: 0, other: 1.2 }, 2)).toMatch(
      /largest user is other processes on the machine$/,
    );
  });

  it('says where the wait was when k6 ran out of VUs with CPU to spare', () => {
    const slow = { ...figures, droppedIterations: 12, p99Ms: 80 };
    const cores = { k6: 0.3, collector: 0.3, backends: 0, other: 0 };
    expect(findBottleneck(slow, cores, 2)).toMatch(
      /^responses slowed \(P99 80\.0 ms\) until k6 ran out of VUs \(12 iterations dropped\)/,
    );
    expect(findBottleneck(slow, cores, 2, { queued: 0, failed: 0 }, 9)).toMatch(/outside its handler$/);
    expect(findBottleneck(slow, cores, 2, { queued: 0, failed: 0 }, 70)).toMatch(/inside it$/);
  });

  it('reports refusals, then an unsaturated run', () => {
    expect(
      findBottleneck({ ...figures, failedRequests: 3 }, { k6: 0.1, collector: 0.1, backends: 0, other: 0 }, 2),
    ).toMatch(/refused 3 requests/);
    expect(findBottleneck(figures, { k6: 0.1, collector: 0.2, backends: 0, other: 0.2 }, 2)).toBe(
      'not saturated (k6 5%, Collector 10%, back ends 0%, other processes 10%)',
    );
  });

  it('blames the export side first when items failed to send', () => {
    expect(
      findBottleneck(figures, { k6: 1, collector: 1, backends: 0, other: 0 }, 2, { queued: 800, failed: 120 }),
    ).toMatch(/^exporters fell behind: 120 items failed to send or enqueue, 800 still queued/);
  });
});
