import { rawSeriesWithout, type SeriesSpec, sumCountOverRange } from '@bilan/contract';
import type { DashboardConfig } from '../config';
import {
  dayClockQueries,
  dayClockSeconds,
  daySeries,
  type NarrowRollup,
  PHASE_QUERY,
  ROLLUP_WINDOW,
  type RollupFamily,
  readsDays,
  rollupClockSeconds,
} from '../recording-rules';
import { type DayClock, exactDuration, type RollupClock, splitDayDurations, splitDurations } from './range-split';
import { fromRollup } from './rollup-choice';
import type { LabelMatcher } from './selector';

/**
 * Hidden variables every page and dashboard that counts carries, in seconds: the hourly
 * roll-ups' window and margin (constants rendered from the rule group) and their phase, read
 * from the phase series the rule group records (`PHASE_QUERY`); the daily roll-ups' window
 * and margin (constants), the phase of their days' ends and their lag, read from both
 * groups' phases (`dayClockQueries`).
 */
export const CLOCK_VARIABLES = {
  window: 'rollup_window',
  phase: 'rollup_phase',
  margin: 'rollup_margin',
  dayWindow: 'rollup_day_window',
  dayPhase: 'rollup_day_phase',
  dayMargin: 'rollup_day_margin',
  dayLag: 'rollup_day_lag',
} as const;

/** One hidden clock variable: a constant of the rule groups, or a scalar Prometheus answers with each range change. */
type ClockVariable = { readonly name: string; readonly description: string } & (
  | { readonly seconds: number }
  | { readonly scalar: string }
);

/**
 * The clock variables, in order, for hourly roll-ups evaluated every `interval` and days of
 * `windowsPerDay` of their windows (tests shorten both): what the dashboards, the app and the
 * tests that read the clock from Prometheus all hold.
 */
export function clockVariableSpecs(interval = ROLLUP_WINDOW, windowsPerDay?: number): ClockVariable[] {
  const clock = rollupClockSeconds(interval);
  const day = dayClockSeconds(interval, windowsPerDay);
  const dayQueries = dayClockQueries(interval);
  return [
    { name: CLOCK_VARIABLES.window, seconds: clock.window, description: 'Seconds each roll-up sample counts.' },
    {
      name: CLOCK_VARIABLES.margin,
      seconds: clock.margin,
      description: 'Seconds before the end of a range counted from raw samples.',
    },
    {
      name: CLOCK_VARIABLES.phase,
      scalar: PHASE_QUERY,
      description: 'Where the roll-up windows start within the window, in seconds: read from the roll-ups.',
    },
    { name: CLOCK_VARIABLES.dayWindow, seconds: day.window, description: 'Seconds each daily roll-up sample counts.' },
    {
      name: CLOCK_VARIABLES.dayMargin,
      seconds: day.margin,
      description: 'Seconds before the end of a range no daily sample is read.',
    },
    {
      name: CLOCK_VARIABLES.dayPhase,
      scalar: dayQueries.phase,
      description: "Where the daily roll-ups' days end within the day, in seconds: read from both roll-up groups.",
    },
    {
      name: CLOCK_VARIABLES.dayLag,
      scalar: dayQueries.lag,
      description: "Seconds from the end of a daily roll-up's day to its sample: read from both roll-up groups.",
    },
  ];
}

/** The roll-ups' clock as the queries read it: the hidden variables, interpolated by Grafana. */
export const ROLLUP_CLOCK: RollupClock<string> = {
  window: `$${CLOCK_VARIABLES.window}`,
  phase: `$${CLOCK_VARIABLES.phase}`,
  margin: `$${CLOCK_VARIABLES.margin}`,
};

/** The daily roll-ups' clock as the queries read it. */
export const DAY_CLOCK: DayClock<string> = {
  window: `$${CLOCK_VARIABLES.dayWindow}`,
  phase: `$${CLOCK_VARIABLES.dayPhase}`,
  margin: `$${CLOCK_VARIABLES.dayMargin}`,
  lag: `$${CLOCK_VARIABLES.dayLag}`,
};

/**
 * A range to count over, as duration expressions: it lasts `range` and ends `shift` before
 * the evaluation time; `end` is that evaluation time as a duration expression (its phase
 * against the roll-ups' is what matters).
 */
export interface CountWindow {
  readonly end: string;
  readonly range: string;
  readonly shift?: string;
}

/**
 * The picked range of an instant query: Grafana evaluates it at the range's end (`$__to`,
 * in milliseconds: the Prometheus data source sends `time` = the range's end unaligned,
 * pkg/promlib/client/client.go `QueryInstant`) over `$__range`.
 */
// biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's macro, interpolated by Grafana
export const PICKED_RANGE: CountWindow = { end: '${__to}ms', range: '$__range' };

/** `PICKED_RANGE` moved one range back: the period just before. */
export const PREVIOUS_RANGE: CountWindow = { ...PICKED_RANGE, shift: '$__range' };

/** Label the pieces carry until they are summed, so `or` keeps them all. */
const PIECE_LABEL = 'bilan_piece';

function piece(name: string, expr: string): string {
  return `label_replace(${expr}, "${PIECE_LABEL}", "${name}", "", "")`;
}

function offsetOf(parts: readonly string[]): string {
  const expr = parts.filter((p) => p !== '').join(' + ');
  return expr === '' ? '' : `(${exactDuration(expr)})`;
}

/**
 * The Collector's per-flush counts at the width of a roll-up: the source, or its narrow
 * series without the same feature, model and prompt-version labels (`NARROW_SERIES`).
 */
function rawTwin(family: RollupFamily, width: NarrowRollup): SeriesSpec {
  return rawSeriesWithout(
    family.full.source,
    family.summable.filter((l) => !width.keeps.includes(l)),
  );
}

/** Whether this count reads whole days (`readsDays`), which its family must then be rolled up for. */
function countsDays(family: RollupFamily, by: readonly string[]): boolean {
  if (!readsDays(by)) return false;
  if (!family.days)
    throw new Error(`${family.full.series.name} is counted per [${by.join(', ')}] but not rolled up by day`);
  return true;
}

/** One piece of an exact count: the events of its part of the range, summed per the count's `by`. */
interface CountPiece {
  readonly name: 'head' | 'middle' | 'before' | 'days' | 'after' | 'tail';
  readonly expr: string;
}

/**
 * The pieces of `exactCount`, each a query of its own: the raw per-flush counts over the head
 * and the tail of the range, the whole roll-up windows between (see `splitDurations`), and for
 * a count of many series (`readsDays`) the whole days among those from the daily roll-ups
 * (`splitDayDurations`); roll-ups and raw counts all at the narrowest width for the filters
 * chosen (see `fromRollup`), so a view with "All" filters reads a few series, not thousands.
 */
export function exactCountPieces(
  config: DashboardConfig,
  family: RollupFamily,
  window: CountWindow,
  by: readonly string[] = [],
  extra: readonly LabelMatcher[] = [],
): CountPiece[] {
  const shift = window.shift ?? '';
  const end = shift ? `(${window.end} - ${shift})` : window.end;
  const split = splitDurations(end, window.range, ROLLUP_CLOCK);
  /** The count over `range`, `offset` before the window's end, from the roll-ups or from `seriesOf` at the same width. */
  const over = (range: string, offset: string, seriesOf?: (width: NarrowRollup) => SeriesSpec) =>
    fromRollup(
      config,
      family,
      (s) => sumCountOverRange(s, exactDuration(range), by, offsetOf([shift, offset])),
      by,
      extra,
      seriesOf,
    );
  const raw = (width: NarrowRollup) => rawTwin(family, width);
  const days = countsDays(family, by) ? splitDayDurations(end, window.range, split, DAY_CLOCK) : undefined;
  const middle: CountPiece[] = days
    ? [
        { name: 'before', expr: over(days.before, days.from) },
        { name: 'days', expr: over(days.days, `${days.to} - ${DAY_CLOCK.lag}`, (width) => daySeries(width.series)) },
        { name: 'after', expr: over(days.after, split.tail) },
      ]
    : [{ name: 'middle', expr: over(split.middle, split.tail) }];
  return [
    { name: 'head', expr: over(split.head, `${window.range} - ${split.head}`, raw) },
    ...middle,
    { name: 'tail', expr: over(split.tail, '', raw) },
  ];
}

/**
 * The exact number of events of `family` in `window`, summed per `by`: its pieces
 * (`exactCountPieces`) in one query, each labelled apart until the sum so `or` keeps them all.
 */
export function exactCount(
  config: DashboardConfig,
  family: RollupFamily,
  window: CountWindow,
  by: readonly string[] = [],
  extra: readonly LabelMatcher[] = [],
): string {
  const pieces = exactCountPieces(config, family, window, by, extra).map(({ name, expr }) => piece(name, expr));
  const grouping = by.length === 0 ? 'sum' : `sum by (${by.join(', ')})`;
  return `${grouping} (\n  ${pieces.join('\nor\n  ')}\n)`;
}
