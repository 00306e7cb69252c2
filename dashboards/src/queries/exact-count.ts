import { rawSeriesWithout, type SeriesSpec, sumCountOverRange } from '@bilan/contract';
import type { DashboardConfig } from '../config';
import type { NarrowRollup, RollupFamily } from '../recording-rules';
import { exactDuration, type RollupClock, splitDurations } from './range-split';
import { fromRollup } from './rollup-choice';
import type { LabelMatcher } from './selector';

/**
 * Hidden variables every page and dashboard that counts carries: the roll-ups' window and
 * margin (constants rendered from the rule group) and their phase, read from the phase
 * series the rule group records (`phaseQuery`), in seconds.
 */
export const CLOCK_VARIABLES = {
  window: 'rollup_window',
  phase: 'rollup_phase',
  margin: 'rollup_margin',
} as const;

/** The roll-ups' clock as the queries read it: the hidden variables, interpolated by Grafana. */
export const ROLLUP_CLOCK: RollupClock<string> = {
  window: `$${CLOCK_VARIABLES.window}`,
  phase: `$${CLOCK_VARIABLES.phase}`,
  margin: `$${CLOCK_VARIABLES.margin}`,
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

/** Label the three pieces carry until they are summed, so `or` keeps all three. */
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

/**
 * The exact number of events of `family` in `window`, summed per `by`: the raw per-flush
 * counts over the head and the tail of the range, the whole roll-up windows between (see
 * `splitDurations`); roll-ups and raw counts both at the narrowest width for the filters
 * chosen (see `fromRollup`), so a view with "All" filters reads a few series, not thousands.
 */
export function exactCount(
  config: DashboardConfig,
  family: RollupFamily,
  window: CountWindow,
  by: readonly string[] = [],
  extra: readonly LabelMatcher[] = [],
): string {
  const shift = window.shift ?? '';
  const end = shift ? `(${window.end} - ${shift})` : window.end;
  const split = splitDurations(end, window.range, ROLLUP_CLOCK);
  const raw = (render: (selector: string) => string) =>
    fromRollup(config, family, render, by, extra, (width) => rawTwin(family, width));
  const head = raw((s) =>
    sumCountOverRange(s, exactDuration(split.head), by, offsetOf([shift, `${window.range} - ${split.head}`])),
  );
  const middle = fromRollup(
    config,
    family,
    (s) => sumCountOverRange(s, exactDuration(split.middle), by, offsetOf([shift, split.tail])),
    by,
    extra,
  );
  const tail = raw((s) => sumCountOverRange(s, exactDuration(split.tail), by, offsetOf([shift])));
  const grouping = by.length === 0 ? 'sum' : `sum by (${by.join(', ')})`;
  return `${grouping} (\n  ${[piece('head', head), piece('middle', middle), piece('tail', tail)].join('\nor\n  ')}\n)`;
}
