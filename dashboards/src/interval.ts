import { durationSeconds } from './template';

/**
 * Grafana's choice of `$__interval` (and of the Prometheus step) for a panel, so the checks
 * and the benchmark run each range query at the step Grafana would. Grafana divides the
 * range by the panel's max data points, rounds to a "nice" interval, and never goes below
 * the query's min step. `interval.grafana.test.ts` compares this with `@grafana/data`.
 */

/** Upper bounds (exclusive, ms) and the interval Grafana rounds anything below them to. */
const NICE_INTERVALS_MS: ReadonlyArray<readonly [number, number]> = [
  [10, 1],
  [15, 10],
  [35, 20],
  [75, 50],
  [150, 100],
  [350, 200],
  [750, 500],
  [1_500, 1_000],
  [3_500, 2_000],
  [7_500, 5_000],
  [12_500, 10_000],
  [17_500, 15_000],
  [25_000, 20_000],
  [45_000, 30_000],
  [90_000, 60_000],
  [210_000, 120_000],
  [450_000, 300_000],
  [750_000, 600_000],
  [1_050_000, 900_000],
  [1_500_000, 1_200_000],
  [2_700_000, 1_800_000],
  [5_400_000, 3_600_000],
  [9_000_000, 7_200_000],
  [16_200_000, 10_800_000],
  [32_400_000, 21_600_000],
  [86_400_000, 43_200_000],
  [604_800_000, 86_400_000],
  [1_814_400_000, 604_800_000],
  [3_628_800_000, 2_592_000_000],
];
const LONGEST_MS = 31_536_000_000;

export function roundInterval(ms: number): number {
  return NICE_INTERVALS_MS.find(([below]) => ms < below)?.[1] ?? LONGEST_MS;
}

/** `$__interval` for a panel over `range` (e.g. `30d`) with `maxDataPoints` points and the query's `minStep`. */
export function panelInterval(range: string, maxDataPoints: number, minStep?: string): string {
  if (!(maxDataPoints > 0)) throw new Error(`bad maxDataPoints ${maxDataPoints}`);
  const ms = roundInterval((durationSeconds(range) * 1000) / maxDataPoints);
  const floor = minStep ? durationSeconds(minStep) * 1000 : 1;
  return promDuration(Math.max(ms, floor));
}

/** Milliseconds as the shortest Prometheus duration (`3h`, `90s`, `500ms`). */
export function promDuration(ms: number): string {
  const units: Array<[string, number]> = [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1_000],
  ];
  for (const [unit, size] of units) if (ms % size === 0) return `${ms / size}${unit}`;
  return `${ms}ms`;
}
