import { parse } from 'yaml';

/**
 * The Go runtime settings a Bilan Collector process runs with: docker-compose.yml sets them, and
 * so does the local stack (`startCollector`), for the pipeline and the bare receiver alike.
 *
 * - `GOGC=400`: collect garbage after the heap grows by 400 % instead of Go's 100 %. The
 *   pipeline allocates at every stage of every request (decoding, the copy for its second
 *   pipeline, the queues' encoding), and collection was a quarter of its CPU. Measured back to
 *   back (collector-config/bench/README.md, "Making the pipeline cheaper", the row on Go's garbage
 *   collector): at 1,000 requests/s Collector CPU 0.98 → 0.76 cores and P99 86.0 → 28.9 ms; at
 *   2,000/s 1,574 → 1,956 requests/s sent.
 * - `GOMEMLIMIT`: a soft limit that makes Go collect sooner when the heap nears it (Go's GC guide,
 *   "Memory limit"), set under the memory_limiter's soft limit (`limit_mib − spike_limit_mib`,
 *   which it compares with the heap's `Alloc`: internal/memorylimiter/memorylimiter.go,
 *   v0.160.0), so the larger heap GOGC allows makes Go collect rather than the limiter refuse.
 */
const COLLECTOR_GOGC = 400;

/** Share of the memory_limiter's soft limit that Go's soft limit takes, leaving room for stacks and buffers. */
const GO_SHARE_OF_SOFT_LIMIT = 0.9;

interface MemoryLimiterMib {
  readonly limitMib: number;
  readonly spikeMib: number;
}

/** The memory_limiter's limits a Collector config starts with: `${env:NAME:-default}` read as the default, or a number. */
export function memoryLimiterDefaults(configYaml: string): MemoryLimiterMib {
  const config = parse(configYaml) as { processors?: Record<string, Record<string, unknown>> };
  const limiter = config.processors?.memory_limiter;
  if (!limiter) throw new Error('the Collector config has no memory_limiter processor');
  const mib = (key: string): number => {
    const value = String(limiter[key]);
    const fallback = /^\$\{env:\w+:-(\d+)\}$/.exec(value)?.[1];
    const n = Number(fallback ?? value);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`memory_limiter ${key} is not a whole number of MiB: ${value}`);
    return n;
  };
  const limits = { limitMib: mib('limit_mib'), spikeMib: mib('spike_limit_mib') };
  if (limits.spikeMib >= limits.limitMib) throw new Error('memory_limiter: spike_limit_mib must be below limit_mib');
  return limits;
}

/** `GOGC` and `GOMEMLIMIT` for a Collector whose memory_limiter has these limits. */
export function collectorGoRuntimeEnv(limits: MemoryLimiterMib): { GOGC: string; GOMEMLIMIT: string } {
  const soft = limits.limitMib - limits.spikeMib;
  return { GOGC: String(COLLECTOR_GOGC), GOMEMLIMIT: `${Math.floor(soft * GO_SHARE_OF_SOFT_LIMIT)}MiB` };
}
