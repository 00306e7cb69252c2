import type { IngestFigures } from './k6-summary';

/** Average CPU cores each process of the bench used during one k6 run. */
export interface CoreUse {
  k6: number;
  collector: number;
  /** Everything behind the Collector that runs on this machine (sink, Prometheus). */
  backends: number;
  /** Every other process of the machine (the machine is shared). */
  other: number;
}

/** Share of the machine's cores above which the run counts as CPU-bound. */
const SATURATED = 0.85;

/**
 * Names what limited one run. On a shared machine the load generator, the Collector and its
 * back ends compete for the same cores, so the verdict says who held them.
 */
export function findBottleneck(
  figures: IngestFigures,
  cores: CoreUse,
  machineCores: number,
  exporters: { queued: number; failed: number } = { queued: 0, failed: 0 },
  serverP99Ms = Number.NaN,
): string {
  const total = cores.k6 + cores.collector + cores.backends + cores.other;
  const share = (n: number) => `${Math.round((n / machineCores) * 100)}%`;
  const split = `k6 ${share(cores.k6)}, Collector ${share(cores.collector)}, back ends ${share(cores.backends)}, other processes ${share(cores.other)}`;
  if (exporters.failed > 0) {
    return `exporters fell behind: ${exporters.failed} items failed to send or enqueue, ${exporters.queued} still queued (${split})`;
  }
  if (total >= SATURATED * machineCores) {
    const users: [string, number][] = [
      ['k6 (the load generator)', cores.k6],
      ['the Collector', cores.collector],
      ['the back ends', cores.backends],
      ['other processes on the machine', cores.other],
    ];
    const top = users.reduce((a, b) => (b[1] > a[1] ? b : a))[0];
    return `CPU-bound: ${share(total)} of ${machineCores} cores busy (${split}); the largest user is ${top}`;
  }
  if (figures.droppedIterations > 0) {
    const where = Number.isNaN(serverP99Ms)
      ? ''
      : serverP99Ms < figures.p99Ms / 2
        ? `; the Collector's own P99 was ${serverP99Ms.toFixed(1)} ms, so most of the wait was outside its handler`
        : `; the Collector's own P99 was ${serverP99Ms.toFixed(1)} ms, so the wait was inside it`;
    return `responses slowed (P99 ${figures.p99Ms.toFixed(1)} ms) until k6 ran out of VUs (${figures.droppedIterations} iterations dropped), with CPU to spare on average (${split})${where}`;
  }
  if (figures.failedRequests > 0) return `the Collector refused ${figures.failedRequests} requests (${split})`;
  return `not saturated (${split})`;
}
