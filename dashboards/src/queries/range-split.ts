/**
 * Where a count over a range (S, E] splits between the raw per-flush counts and the hourly
 * roll-ups, so that it is exact to the millisecond at roll-up cost. One arithmetic, written
 * once and run two ways: over numbers (tests, the benchmark's truth) and over PromQL
 * duration expressions (what the dashboards and the app send, Prometheus 3 evaluating it).
 *
 * The facts it rests on, read in Prometheus v0.316.0:
 * - A rule group runs at a fixed phase within its interval (rules/group.go, `EvalTimestamp`:
 *   hash(group name, file) % interval), and a recording rule's sample carries its query
 *   time, the evaluation time minus `query_offset` (rules/recording.go, `Eval`; group.go
 *   appends `s.T`). So the roll-up samples fall at times ≡ phase (mod W), W the window,
 *   and the sample at t counts the raw samples in (t − W, t]: the roll-up windows tile time.
 * - Range selectors leave out their left edge, so (S, E] splits into back-to-back pieces
 *   with no sample counted twice.
 * - A duration expression (docs/querying/basics.md, "Duration expressions"; promql/durations.go)
 *   is float seconds, truncated to the millisecond (`time.Duration(d*1000) * time.Millisecond`):
 *   each rendered duration gets half a millisecond added so float error never truncates a
 *   whole millisecond away.
 *
 * The split: `head` = raw over (S, S + head], up to the first roll-up boundary; `middle` =
 * the roll-ups over whole windows; `tail` = raw over the last (up to one window plus the
 * margin), because the newest roll-up may not be written yet when E is now (it is written
 * `query_offset` after its time, and its evaluation takes a moment). A range too short to
 * hold a whole window is all raw (head and tail, under two windows).
 *
 * Over weeks the middle splits again, around whole days of a coarser roll-up (`splitDays`):
 * hours | days | hours. A daily roll-up sums the hourly samples of its day
 * (`sum_over_time(<hourly>[1d])`), so a day ends on an hourly sample and the five pieces
 * stay back to back. Its own group runs at its own phase, so a daily sample is stamped
 * `lag` (under an hour) after the hourly sample its day ends on.
 */

/** The roll-ups' clock: window W, phase of their samples within it, and the margin kept raw before the end. */
export interface RollupClock<T> {
  readonly window: T;
  /** Every roll-up sample's time ≡ phase (mod window). */
  readonly phase: T;
  /** A roll-up sample newer than E − margin is read as possibly not written yet. */
  readonly margin: T;
}

/**
 * The daily roll-ups' clock: each day ends on an hourly roll-up sample (phase ≡ the hourly
 * phase, mod the hourly window), its sample is stamped `lag` later, and a daily sample newer
 * than E − margin is read as possibly not written yet.
 */
export interface DayClock<T> extends RollupClock<T> {
  readonly lag: T;
}

/** The three back-to-back pieces of (E − range, E], oldest first; they add up to the range. */
interface RangeSplit<T> {
  readonly head: T;
  readonly middle: T;
  readonly tail: T;
}

/**
 * The hourly middle of a `RangeSplit` in three back-to-back pieces, oldest first, and where
 * the days start and end as distances back from the range's end.
 */
interface DaySplit<T> {
  readonly before: T;
  readonly days: T;
  readonly after: T;
  readonly from: T;
  readonly to: T;
}

interface Arithmetic<T> {
  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  /** a mod w, in [0, w) whatever the sign of a. */
  mod(a: T, w: T): T;
  min(a: T, b: T): T;
  max(a: T, b: T): T;
}

function split<T>(x: Arithmetic<T>, end: T, range: T, clock: RollupClock<T>): RangeSplit<T> {
  const start = x.sub(end, range);
  const head = x.min(x.mod(x.sub(clock.phase, start), clock.window), range);
  const rest = x.sub(range, head);
  const newest = x.add(x.mod(x.sub(x.sub(end, clock.margin), clock.phase), clock.window), clock.margin);
  const tail = x.min(newest, rest);
  return { head, middle: x.sub(rest, tail), tail };
}

/**
 * The hourly middle of `hours` split around the whole days inside it whose daily sample is
 * written, as distances back from the end (the offsets a query reads them at). The first day
 * starts mod(day phase − S, D) after S, at or after the middle's start since both fall on
 * hourly samples; the newest written day ends mod(E − margin − lag − phase, D) + margin + lag
 * before E, at or before the middle's end. Clamped into the middle, and `from` ≥ `to`, so that
 * without a whole day `days` is empty and the hours stay back to back.
 */
function splitDaysOf<T>(x: Arithmetic<T>, end: T, range: T, hours: RangeSplit<T>, day: DayClock<T>): DaySplit<T> {
  const start = x.sub(end, range);
  const middleFrom = x.sub(range, hours.head);
  const written = x.add(day.margin, day.lag);
  const to = x.min(x.add(x.mod(x.sub(x.sub(end, written), day.phase), day.window), written), middleFrom);
  const from = x.max(x.sub(range, x.mod(x.sub(day.phase, start), day.window)), to);
  return {
    before: x.sub(middleFrom, from),
    days: x.sub(from, to),
    after: x.sub(to, hours.tail),
    from,
    to,
  };
}

const numbers: Arithmetic<number> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mod: (a, w) => ((a % w) + w) % w,
  min: Math.min,
  max: Math.max,
};

const durations: Arithmetic<string> = {
  add: (a, b) => `(${a} + ${b})`,
  sub: (a, b) => `(${a} - ${b})`,
  mod: (a, w) => `((${a} % ${w} + ${w}) % ${w})`,
  min: (a, b) => `min_of(${a}, ${b})`,
  max: (a, b) => `max_of(${a}, ${b})`,
};

function checkClock(end: number, range: number, clock: RollupClock<number>): void {
  for (const [name, value] of Object.entries({ end, range, ...clock })) {
    if (!Number.isFinite(value)) throw new Error(`range split: ${name} must be a finite number, got ${value}`);
  }
  if (range < 0 || clock.margin < 0) throw new Error('range split: range and margin must not be negative');
  if (clock.window <= 0) throw new Error(`range split: the window must be positive, got ${clock.window}`);
}

/** The split in numbers (milliseconds, or any one unit). */
export function splitRange(end: number, range: number, clock: RollupClock<number>): RangeSplit<number> {
  checkClock(end, range, clock);
  return split(numbers, end, range, clock);
}

/** The hourly middle of `splitRange` split around whole days, in numbers. */
export function splitDays(
  end: number,
  range: number,
  clock: RollupClock<number>,
  day: DayClock<number>,
): DaySplit<number> {
  checkClock(end, range, clock);
  checkClock(end, range, day);
  if (!(day.lag >= 0)) throw new Error(`range split: the daily lag must not be negative, got ${day.lag}`);
  // The newest written day must end at or before the newest written hour.
  if (day.margin < clock.margin) throw new Error('range split: the daily margin must not be below the hourly one');
  if (day.window % clock.window !== 0 || numbers.mod(day.phase - clock.phase, clock.window) !== 0) {
    throw new Error('range split: days must be whole hourly windows ending on hourly samples');
  }
  return splitDaysOf(numbers, end, range, split(numbers, end, range, clock), day);
}

/** The split as PromQL duration expressions (seconds), from expressions of the range's end and length. */
export function splitDurations(end: string, range: string, clock: RollupClock<string>): RangeSplit<string> {
  return split(durations, end, range, clock);
}

/** The days split as PromQL duration expressions, from the hourly split of the same range. */
export function splitDayDurations(
  end: string,
  range: string,
  hours: RangeSplit<string>,
  day: DayClock<string>,
): DaySplit<string> {
  return splitDaysOf(durations, end, range, hours, day);
}

/** A duration expression made safe for Prometheus's truncation to the millisecond. */
export function exactDuration(expr: string): string {
  return `${expr} + 0.0005`;
}
