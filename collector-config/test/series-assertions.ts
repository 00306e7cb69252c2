import { SERIES, type SeriesKey } from '@bilan/contract';
import { type ExpectedWorkload, labelKey, queryPrometheus, storedTotal, waitFor } from '@bilan/stack';

/** Label set → value of every sample of one contract series for one service, as Prometheus holds it. */
export async function readSeries(promUrl: string, key: SeriesKey, serviceName: string): Promise<Map<string, number>> {
  const samples = await queryPrometheus(promUrl, storedTotal(key, `service_name="${serviceName}"`));
  const found = new Map<string, number>();
  for (const { metric, value } of samples) {
    const { __name__: _name, ...labels } = metric;
    found.set(labelKey(labels), Number(value[1]));
  }
  return found;
}

/** The expected workload in the same shape as `readSeries`. */
export function expectedValues(expected: ExpectedWorkload, key: SeriesKey): Map<string, number> {
  return new Map([...(expected[key] ?? new Map()).entries()].map(([id, { value }]) => [id, value]));
}

/** Waits until Prometheus holds exactly the expected samples of every contract series, or times out. */
export async function waitForExpectedSeries(
  promUrl: string,
  expected: ExpectedWorkload,
  serviceName: string,
  timeoutMs = 60_000,
): Promise<void> {
  const keys = Object.keys(SERIES) as SeriesKey[];
  await waitFor(
    async () => {
      for (const key of keys) {
        const want = expectedValues(expected, key);
        const got = await readSeries(promUrl, key, serviceName);
        if (got.size !== want.size || [...want].some(([id, v]) => got.get(id) !== v)) return false;
      }
      return true;
    },
    { timeoutMs, intervalMs: 1000, what: `every contract series of ${serviceName} to reach its expected value` },
  ).catch(() => undefined); // the caller's exact assertions then show the difference
}
