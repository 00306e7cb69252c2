// Heap held by a full queue while the Collector is away: each entry gets `maxQueue` of the largest votes
// (a 4,096-character comment) and then of the largest custom events (32 properties of 4,096 characters),
// aimed at a port where nothing listens. Run with --expose-gc (`npm run bench:outage` does).
import { randomBytes } from 'node:crypto';
import { freePort } from '@bilan/stack';
import { sleep } from '../src/backoff';
import type { BilanEvents } from '../src/events';
import { initBilan as initNodeBilan } from '../src/node/index';
import { initBilan as initWebBilan } from '../src/web/index';

const gc = (globalThis as { gc?: () => void }).gc;
const heap = () => {
  gc?.();
  return process.memoryUsage().heapUsed;
};
// Distinct, flat text per event (a padded string can be a tree of shared pieces and weigh nothing), as
// words: a long hex or base64 run would be redacted to `[secret]` and weigh nothing either.
const text = () =>
  Array.from(randomBytes(4096), (byte, i) => (i % 8 === 7 ? ' ' : String.fromCharCode(97 + (byte % 26)))).join('');
const LARGEST = {
  vote: (bilan: BilanEvents, i: number) => bilan.vote({ turnId: `t${i}`, feature: 'f' }, 1, { comment: text() }),
  custom: (bilan: BilanEvents, i: number) =>
    bilan.track(`big${i}`, Object.fromEntries(Array.from({ length: 32 }, (_, k) => [`p${k}`, text()]))),
};

/** MiB held by `count` of the largest events of `kind` queued in a fresh entry. */
async function held(entry: 'node' | 'web', kind: keyof typeof LARGEST, count: number): Promise<number> {
  const endpoint = `http://127.0.0.1:${await freePort()}`;
  const options = {
    endpoint,
    serviceName: 'memory',
    onError: () => {},
    batch: { maxQueue: count },
    exportTimeoutMs: 500,
  };
  const before = heap();
  const bilan = entry === 'node' ? initNodeBilan(options) : initWebBilan(options);
  for (let i = 0; i < count; i++) LARGEST[kind](bilan, i);
  await sleep(2000); // handed over from the batch processor to the waiting queue
  const after = heap();
  await bilan.shutdown();
  return (after - before) / 2 ** 20;
}

export async function measureQueueMemory(): Promise<string[]> {
  if (!gc) return ['queue memory: run with --expose-gc'];
  const lines: string[] = [];
  for (const [entry, count] of [
    ['node', 2048],
    ['web', 1000],
  ] as const)
    for (const kind of ['vote', 'custom'] as const) {
      const mib = await held(entry, kind, count);
      lines.push(
        `${entry} entry, Collector away, queue full of ${count} largest ${kind} events: heap +${mib.toFixed(1)} MiB ` +
          `(${((mib * 1024) / count).toFixed(1)} KiB each)`,
      );
    }
  return lines;
}
