import { countOverRange, LABEL, NARROWABLE_LABELS, SERIES, type SeriesSpec } from '@bilan/contract';
import { dashboardConfig } from './config';
import { durationSeconds } from './template';

/**
 * Hourly roll-ups of the counters the Trust overview reads over days or weeks. A query's
 * cost is series × samples read: a roll-up evaluated once per hour holds one sample per
 * series per hour whatever the pipeline's write rate, and a roll-up that sums away the
 * feature, model and prompt-version labels holds a handful of series where the raw counter
 * holds thousands. The alerts' rules (evaluated every minute) hold as many samples as the
 * raw counter, so they cannot help.
 *
 * A counter's roll-up sample is the exact number of events in its window: the group runs
 * once per window and each run counts the window ending at its own evaluation time, so the
 * samples tile time (Prometheus 3 ranges leave out their left edge: no event counts twice).
 * Summing the samples gives the exact count of the whole windows inside a range. Prometheus
 * evaluates a group at a fixed phase within the hour (rules/group.go, `EvalTimestamp`,
 * v0.316.0), which the group records (`phaseRule`), so a count over any range reads these
 * windows and the raw samples at its edges (`exactCount`). A window whose evaluation time
 * passed while Prometheus was down has no sample (README, "Roll-ups").
 */
export const ROLLUP_WINDOW = '1h';
/**
 * Most points a range panel on roll-ups asks for: a range query costs an evaluation per
 * series per step, and 200 points keep a week at the roll-up's hour and draw 30 days at
 * 3 h steps (240 evaluations per series instead of 720).
 */
export const ROLLUP_MAX_POINTS = 200;

/**
 * Filter labels a narrow roll-up may sum away: the ones the Collector's narrow series sum
 * away too, so each roll-up width has a raw twin for the edges of a count (`exactCount`).
 */
const SUMMABLE_LABELS = NARROWABLE_LABELS;

/** A roll-up: the series panels read, and the rule that records it. */
export interface Rollup {
  readonly series: SeriesSpec;
  /** The contract series it rolls up. */
  readonly source: SeriesSpec;
  /** The window each sample covers, which is also how often it must be recorded. */
  readonly window: string;
  readonly expr: string;
}

/**
 * The rule of a roll-up over `window`. A counter records its count in the window
 * (`countOverRange`, named `bilan:<name>:count<window>`). A histogram (turn latency, still
 * a cumulative counter per bucket) records the rate of its `_bucket` series keeping `le`
 * for `histogram_quantile` (`bilan:<name>_bucket:rate<window>`).
 */
function rollupExpr(source: SeriesSpec, labels: readonly string[], window: string): string {
  const grouping = `sum by (${labels.join(', ')})`;
  return source.type === 'histogram'
    ? `${grouping} (rate(${source.name}_bucket[${window}]))`
    : `${grouping} (${countOverRange(source.name, window)})`;
}

/**
 * The roll-up of `source` over `window`. `without` drops labels
 * (`bilan:<name>_without_<labels>:…<window>`).
 */
export function rollup(source: SeriesSpec, window = ROLLUP_WINDOW, without: readonly string[] = []): Rollup {
  const histogram = source.type === 'histogram';
  const labels = (histogram ? [...source.labels, 'le'] : source.labels).filter((l) => !without.includes(l));
  const stem = source.name.replace(/^bilan_/, '').replace(/_total$/, '');
  const base = without.length === 0 ? stem : `${stem}_without_${without.join('_')}`;
  const name = histogram ? `bilan:${base}_bucket:rate${window}` : `bilan:${base}:count${window}`;
  const help = histogram
    ? `Mean per-second rate of ${source.name}_bucket over each ${window}`
    : `Events counted in ${source.name} in each ${window}`;
  return {
    series: { name, type: 'counter', labels, help },
    source,
    window,
    expr: rollupExpr(source, labels, window),
  };
}

/**
 * One source rolled up at every width: `full` keeps every summable label, and a narrow
 * roll-up for each proper subset of them, so whatever filters are chosen and whatever a
 * panel groups by, one roll-up keeps exactly the labels needed (see `fromRollup`).
 * `summable` lists the summable labels the source carries.
 */
export interface RollupFamily {
  readonly summable: readonly string[];
  readonly full: Rollup;
  readonly narrow: readonly NarrowRollup[];
  /** Whether every width is also rolled up by day (`daySeries`), for the counts that read whole days. */
  readonly days: boolean;
}

export interface NarrowRollup extends Rollup {
  /** The summable labels it keeps. */
  readonly keeps: readonly string[];
}

interface FamilyOptions {
  readonly window?: string;
  /** Labels no roll-up of the family keeps (e.g. `rating` for an all-ratings denominator). */
  readonly without?: readonly string[];
  /** Roll every width up by day too (`daySeries`). */
  readonly days?: boolean;
}

/** Every subset of `labels`, smallest first, each in the order of `labels`. */
export function subsets(labels: readonly string[]): string[][] {
  const all: string[][] = [[]];
  for (const label of labels) all.push(...all.map((subset) => [...subset, label]));
  return all.sort((a, b) => a.length - b.length);
}

export function rollupFamily(source: SeriesSpec, options: FamilyOptions = {}): RollupFamily {
  const { window = ROLLUP_WINDOW, without = [], days = false } = options;
  const summable = SUMMABLE_LABELS.filter((l) => source.labels.includes(l) && !without.includes(l));
  const narrow = subsets(summable)
    .filter((keeps) => keeps.length < summable.length)
    .map((keeps) => {
      const dropped = summable.filter((l) => !keeps.includes(l));
      return { ...rollup(source, window, [...without, ...dropped]), keeps };
    });
  return { summable, full: rollup(source, window, without), narrow, days };
}

const { rating } = LABEL;

/**
 * Every roll-up the dashboards read. The families counted per feature or per model × prompt
 * version are rolled up by day too (`readsDays`).
 */
export const ROLLUPS = {
  votes: rollupFamily(SERIES.votes, { days: true }),
  /** All votes whatever the rating: a ratio's denominator reads half the series of `votes`. */
  allVotes: rollupFamily(SERIES.votes, { without: [rating], days: true }),
  /** Votes over the trend window, recorded every hour: the trend line reads one sample per step. */
  votesTrend: rollupFamily(SERIES.votes, { window: dashboardConfig.trustTrendWindow }),
  allVotesTrend: rollupFamily(SERIES.votes, { window: dashboardConfig.trustTrendWindow, without: [rating] }),
  turns: rollupFamily(SERIES.turns, { days: true }),
  tokens: rollupFamily(SERIES.turnTokens),
  regenerations: rollupFamily(SERIES.regenerations, { days: true }),
  turnDuration: rollupFamily(SERIES.turnDuration),
  conversationsStarted: rollupFamily(SERIES.conversationsStarted),
  conversationsEnded: rollupFamily(SERIES.conversationsEnded),
  journeySteps: rollupFamily(SERIES.journeySteps),
  journeysEnded: rollupFamily(SERIES.journeysEnded),
} as const satisfies Record<string, RollupFamily>;

function unique(all: readonly Rollup[]): Rollup[] {
  return all.filter((r, i) => all.findIndex((o) => o.series.name === r.series.name) === i);
}

/** Every recorded roll-up, each once. */
export function allRollups(): Rollup[] {
  return unique(Object.values(ROLLUPS).flatMap((f: RollupFamily) => [f.full, ...f.narrow]));
}

/** Hourly windows in a daily roll-up's window (tests may make their "days" shorter). */
const WINDOWS_PER_DAY = 24;

/**
 * The daily roll-up of an hourly count: the hourly samples of each day summed, so a day ends
 * on an hourly sample and counts exactly the hours it holds (`splitDays`). Named after the
 * hourly series (`bilan:votes:count1h_sum1d`); `bilan:votes:count1d` is the trend's rolling day.
 */
export function daySeries(hourly: SeriesSpec): SeriesSpec {
  return {
    ...hourly,
    name: `${hourly.name}_sum1d`,
    help: `The ${hourly.name} samples of each day, summed`,
  };
}

/**
 * Whether a count grouped by `labels` reads whole days from the daily roll-ups: when the
 * grouping holds many series, each with 720 hourly samples (720 chunks on a Prometheus that
 * recorded them) over 30 days where 30 daily ones do: per feature (50 here), or per two or
 * more of the labels a roll-up may sum away (model × prompt version: 25). A count of a few
 * series (5 models) is bound by its text, which the daily pieces lengthen (README, "Benchmark").
 */
export function readsDays(labels: readonly string[]): boolean {
  const summable = labels.filter((l) => SUMMABLE_LABELS.includes(l));
  return summable.includes(LABEL.feature) || summable.length >= 2;
}

/** Every hourly roll-up that is rolled up by day too, each once: the widths whose counts read days. */
export function dayRolledUps(): Rollup[] {
  return unique(
    Object.values(ROLLUPS)
      .filter((f: RollupFamily) => f.days)
      .flatMap((f: RollupFamily) => [f.full, ...f.narrow])
      .filter((r) => readsDays(r.series.labels)),
  );
}

export interface RuleGroup {
  readonly name: string;
  readonly interval: string;
  /** How far behind the evaluation time each run counts (rule group `query_offset`). */
  readonly query_offset?: string;
  readonly rules: ReadonlyArray<{ readonly record: string; readonly expr: string }>;
}

/**
 * A sample reaches Prometheus a moment after the time it carries (the Collector's flush, then
 * its remote-write batch), and a window that was already counted never counts it: each run
 * counts the window ending this long before it (`query_offset`, rules/recording.go, v0.316.0),
 * a minute for the hourly roll-ups, half the interval when tests evaluate every few seconds.
 */
export function rollupQueryOffset(interval: string): string {
  const ms = Math.min(60_000, durationSeconds(interval) * 500);
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/**
 * The roll-ups' phase: recorded by the roll-up group itself, so at each of its evaluations,
 * as `time()` (the sample's own time, the evaluation time minus `query_offset`) modulo the
 * window. Readers learn from it where the roll-up windows start (`splitDurations`), and its
 * samples count the evaluations that ran (one per window: a missing one means a roll-up
 * window has no sample, README "Roll-ups").
 */
export const ROLLUP_PHASE_SERIES = 'bilan:rollup_phase:seconds';

/** The rule recording the phase of a group evaluated every `interval`. */
export function phaseRule(
  interval: string,
  record = ROLLUP_PHASE_SERIES,
): { readonly record: string; readonly expr: string } {
  return { record, expr: `vector(time() % ${durationSeconds(interval)})` };
}

/** The daily roll-ups' phase, recorded by their own group as the hourly group records its own. */
export const DAY_PHASE_SERIES = 'bilan:rollup_day_phase:seconds';

/**
 * The phase as a scalar: the newest recorded value. Before the group first ran there are no
 * roll-ups to split around, and 0 stands in.
 */
export const PHASE_QUERY = `scalar(max(last_over_time(${ROLLUP_PHASE_SERIES}[1w])) or vector(0))`;

/** A scalar as Grafana reads it into a hidden variable: `query_result()` of a scalar is its value. */
export function scalarVariableQuery(scalar: string): string {
  return `query_result(${scalar})`;
}

/**
 * A lag no range reaches: before the daily group first ran (or without the hourly phase to
 * place its days) no daily sample is read as written, so counts read hours only.
 */
const NO_DAY_WRITTEN_SECONDS = 1e9;

/**
 * The daily clock's two numbers as scalars, for an hourly group evaluated every `interval`:
 * the lag, from the daily sample's time to the hourly sample its day ends on (the daily
 * phase minus the hourly one, modulo the hourly window), and the phase of the days' ends
 * (the daily phase minus the lag: an hourly sample's time, as `splitDays` needs). Each
 * group's phase is a hash of its name and file (rules/group.go, `EvalTimestamp`, v0.316.0),
 * known only once it ran.
 */
export function dayClockQueries(interval = ROLLUP_WINDOW): { readonly phase: string; readonly lag: string } {
  const window = durationSeconds(interval);
  const newest = (series: string) => `max(last_over_time(${series}[1w]))`;
  const lag = `((${newest(DAY_PHASE_SERIES)} - ${newest(ROLLUP_PHASE_SERIES)}) % ${window} + ${window}) % ${window}`;
  return {
    phase: `scalar((${newest(DAY_PHASE_SERIES)} - ${lag}) or ${newest(ROLLUP_PHASE_SERIES)} or vector(0))`,
    lag: `scalar(${lag} or vector(${NO_DAY_WRITTEN_SECONDS}))`,
  };
}

/**
 * The window and the margin counts keep raw before a range's end, in seconds, for a group
 * evaluated every `interval`: the newest roll-up sample is written `query_offset` after its
 * time and its evaluation takes a moment more, so samples newer than twice the offset are
 * read as not written yet.
 */
export function rollupClockSeconds(interval = ROLLUP_WINDOW): { readonly window: number; readonly margin: number } {
  return { window: durationSeconds(interval), margin: 2 * durationSeconds(rollupQueryOffset(interval)) };
}

/**
 * The daily group's interval, query offset and margin for an hourly group evaluated every
 * `interval`. Its query offset is the hourly margin, so each evaluation sees every hourly
 * sample of its day (one is written up to that long after its time); its margin is twice its
 * offset, as the hourly one is.
 */
export function dayClockSeconds(
  interval = ROLLUP_WINDOW,
  windowsPerDay = WINDOWS_PER_DAY,
): {
  readonly window: number;
  readonly queryOffset: number;
  readonly margin: number;
} {
  const hours = rollupClockSeconds(interval);
  return { window: windowsPerDay * hours.window, queryOffset: hours.margin, margin: 2 * hours.margin };
}

/** Seconds as a Prometheus duration, in days when whole days. */
function duration(seconds: number): string {
  return seconds % 86_400 === 0 ? `${seconds / 86_400}d` : `${seconds}s`;
}

/** Whether a roll-up's samples must tile time: the hourly counts (not the trend, nor latency's rates). */
function tiles(r: Rollup): boolean {
  return r.window === ROLLUP_WINDOW && r.source.type !== 'histogram';
}

/**
 * The dashboards' rule groups: the hourly roll-ups, evaluated once per hourly window in
 * production, and the daily ones (`dayRuleGroup`). Tests may evaluate every `interval`
 * instead: the hourly counts then count `interval`-long windows under the same names, which
 * still tile time, so counts stay exact, and a "day" is `windowsPerDay` of them; the trend and the
 * latency rates keep their window, being read one sample at a time or as ratios.
 */
export function dashboardRuleGroups(interval = ROLLUP_WINDOW, windowsPerDay = WINDOWS_PER_DAY): RuleGroup[] {
  return [
    {
      name: 'bilan-dashboards-rollup',
      interval,
      query_offset: rollupQueryOffset(interval),
      rules: [
        ...allRollups().map((r) => ({
          record: r.series.name,
          expr: tiles(r) ? rollupExpr(r.source, r.series.labels, interval) : r.expr,
        })),
        phaseRule(interval),
      ],
    },
    dayRuleGroup(interval, windowsPerDay),
  ];
}

export const DAY_GROUP_NAME = 'bilan-dashboards-rollup-day';

/** The daily roll-ups, in a group of their own, evaluated once per day at its own phase. */
function dayRuleGroup(interval: string, windowsPerDay: number): RuleGroup {
  const day = dayClockSeconds(interval, windowsPerDay);
  const window = duration(day.window);
  return {
    name: DAY_GROUP_NAME,
    interval: window,
    query_offset: duration(day.queryOffset),
    rules: [
      ...dayRolledUps().map((r) => ({
        record: daySeries(r.series).name,
        expr: `sum_over_time(${r.series.name}[${window}])`,
      })),
      phaseRule(window, DAY_PHASE_SERIES),
    ],
  };
}
