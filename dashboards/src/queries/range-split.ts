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
 */

/** The roll-ups' clock: window W, phase of their samples within it, and the margin kept raw before the end. */
export interface RollupClock<T> {
  readonly window: T;
  /** Every roll-up sample's time ≡ phase (mod window). */
  readonly phase: T;
  /** A roll-up sample newer than E − margin is read as possibly not written yet. */
  readonly margin: T;
}

/** The three back-to-back pieces of (E − range, E], oldest first; they add up to the range. */
interface RangeSplit<T> {
  readonly head: T;
  readonly middle: T;
  readonly tail: T;
}

interface Arithmetic<T> {
  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  /** a mod w, in [0, w) whatever the sign of a. */
  mod(a: T, w: T): T;
  min(a: T, b: T): T;
}

function split<T>(x: Arithmetic<T>, end: T, range: T, clock: RollupClock<T>): RangeSplit<T> {
  const start = x.sub(end, range);
  const head = x.min(x.mod(x.sub(clock.phase, start), clock.window), range);
  const rest = x.sub(range, head);
  const newest = x.add(x.mod(x.sub(x.sub(end, clock.margin), clock.phase), clock.window), clock.margin);
  const tail = x.min(newest, rest);
  return { head, middle: x.sub(rest, tail), tail };
}

const numbers: Arithmetic<number> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mod: (a, w) => ((a % w) + w) % w,
  min: Math.min,
};

const durations: Arithmetic<string> = {
  add: (a, b) => `(${a} + ${b})`,
  sub: (a, b) => `(${a} - ${b})`,
  mod: (a, w) => `((${a} % ${w} + ${w}) % ${w})`,
  min: (a, b) => `min_of(${a}, ${b})`,
};

/** The split in numbers (milliseconds, or any one unit). */
export function splitRange(end: number, range: number, clock: RollupClock<number>): RangeSplit<number> {
  for (const [name, value] of Object.entries({ end, range, ...clock })) {
    if (!Number.isFinite(value)) throw new Error(`range split: ${name} must be a finite number, got ${value}`);
  }
  if (range < 0 || clock.margin < 0) throw new Error('range split: range and margin must not be negative');
  if (clock.window <= 0) throw new Error(`range split: the window must be positive, got ${clock.window}`);
  return split(numbers, end, range, clock);
}

/** The split as PromQL duration expressions (seconds), from expressions of the range's end and length. */
export function splitDurations(end: string, range: string, clock: RollupClock<string>): RangeSplit<string> {
  return split(durations, end, range, clock);
}

/** A duration expression made safe for Prometheus's truncation to the millisecond. */
export function exactDuration(expr: string): string {
  return `${expr} + 0.0005`;
}
