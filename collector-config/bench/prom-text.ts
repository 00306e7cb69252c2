/** One sample of the Prometheus text exposition format. */
export interface PromSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const SAMPLE_LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL_PAIR = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** Parses the samples of a Prometheus text exposition (what the Collector serves on its metrics port). */
export function parsePromText(text: string): PromSample[] {
  const samples: PromSample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = SAMPLE_LINE.exec(line);
    const value = Number(match?.[3]);
    if (!match || (Number.isNaN(value) && match[3] !== 'NaN')) continue;
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? '').matchAll(LABEL_PAIR)) {
      labels[pair[1] as string] = (pair[2] as string).replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    }
    samples.push({ name: match[1] as string, labels, value });
  }
  return samples;
}

/**
 * Sums the samples of one metric whose labels include `where`. The name matches with or without
 * the `_total` suffix, which the Collector's internal telemetry added in some versions only.
 */
export function sumMetric(samples: PromSample[], name: string, where: Record<string, string> = {}): number {
  const base = name.replace(/_total$/, '');
  let sum = 0;
  for (const s of samples) {
    if (s.name !== base && s.name !== `${base}_total`) continue;
    if (Object.entries(where).every(([k, v]) => s.labels[k] === v)) sum += s.value;
  }
  return sum;
}

/** Fetches and parses a metrics endpoint. */
export async function scrapeMetrics(url: string): Promise<PromSample[]> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`scraping ${url} answered HTTP ${res.status}`);
  return parsePromText(await res.text());
}

/**
 * The q-quantile of a histogram over an interval, from two scrapes of its cumulative `_bucket`
 * series (summed over every other label), interpolated inside a bucket as Prometheus's
 * `histogram_quantile` does. NaN when nothing was observed in between.
 */
export function histogramQuantileBetween(before: PromSample[], after: PromSample[], name: string, q: number): number {
  const buckets = (samples: PromSample[]) => {
    const byLe = new Map<number, number>();
    for (const s of samples) {
      if (s.name !== `${name}_bucket` || s.labels.le === undefined) continue;
      const le = s.labels.le === '+Inf' ? Number.POSITIVE_INFINITY : Number(s.labels.le);
      byLe.set(le, (byLe.get(le) ?? 0) + s.value);
    }
    return byLe;
  };
  const start = buckets(before);
  const deltas = [...buckets(after)]
    .map(([le, count]) => [le, count - (start.get(le) ?? 0)] as const)
    .sort((a, b) => a[0] - b[0]);
  const total = deltas.at(-1)?.[1] ?? 0;
  if (total <= 0) return Number.NaN;
  const rank = q * total;
  let lower = 0;
  let below = 0;
  for (const [le, count] of deltas) {
    if (count >= rank) {
      if (le === Number.POSITIVE_INFINITY) return lower;
      return lower + ((le - lower) * (rank - below)) / Math.max(count - below, Number.MIN_VALUE);
    }
    lower = le;
    below = count;
  }
  return lower;
}
