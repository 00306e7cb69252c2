import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type DayClock,
  exactDuration,
  type RollupClock,
  splitDayDurations,
  splitDays,
  splitDurations,
  splitRange,
} from './range-split';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const DAY = 24 * HOUR;

/** A clock as Prometheus gives it: a window of whole seconds (a rule group's interval), a phase within it, a margin up to a window. */
const clock = fc
  .integer({ min: 1, max: 7200 })
  .map((seconds) => seconds * 1000)
  .chain((window) =>
    fc.record({
      window: fc.constant(window),
      phase: fc.integer({ min: 0, max: window - 1 }),
      margin: fc.integer({ min: 0, max: window }),
    }),
  );
/** Any millisecond of this century, and any range up to 40 days. */
const end = fc.integer({ min: 946_684_800_000, max: 4_102_444_800_000 });
const range = fc.integer({ min: 0, max: 40 * DAY });

const mod = (a: number, w: number) => ((a % w) + w) % w;

describe('splitRange', () => {
  it('splits one hour into raw edges around the whole windows', () => {
    // Roll-up samples at :20 past each hour; the range (10:05, 13:50], 2 min margin.
    const at = (h: number, m: number) => h * HOUR + m * MINUTE;
    const split = splitRange(at(13, 50), at(3, 45), { window: HOUR, phase: 20 * MINUTE, margin: 2 * MINUTE });
    // Raw (10:05, 10:20], roll-ups (10:20, 13:20] (samples at 11:20, 12:20, 13:20), raw (13:20, 13:50].
    expect(split).toEqual({ head: 15 * MINUTE, middle: 3 * HOUR, tail: 30 * MINUTE });
  });

  it('keeps the newest window raw when its sample may not be written yet', () => {
    // (8:01, 10:01] with samples on the hour: the 10:00 one is written at 10:01 at the earliest.
    const split = splitRange(10 * HOUR + MINUTE, 2 * HOUR, { window: HOUR, phase: 0, margin: 2 * MINUTE });
    expect(split).toEqual({ head: 59 * MINUTE, middle: 0, tail: 61 * MINUTE });
  });

  it('reads a range shorter than the head from raw samples only', () => {
    expect(splitRange(10 * MINUTE, 5 * MINUTE, { window: HOUR, phase: 30 * MINUTE, margin: 0 })).toEqual({
      head: 5 * MINUTE,
      middle: 0,
      tail: 0,
    });
  });

  it('tiles the range, oldest piece first, whatever the edges and the phase', () => {
    fc.assert(
      fc.property(end, range, clock, (e, r, c) => {
        const { head, middle, tail } = splitRange(e, r, c);
        expect(head + middle + tail).toBe(r);
        for (const piece of [head, middle, tail]) expect(piece).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('reads roll-ups over whole windows only, their samples written before the margin', () => {
    fc.assert(
      fc.property(end, range, clock, (e, r, c) => {
        const { head, middle, tail } = splitRange(e, r, c);
        if (middle === 0) return;
        // The middle starts and ends on roll-up samples (time ≡ phase) and holds whole windows.
        expect(mod(e - r + head - c.phase, c.window)).toBe(0);
        expect(mod(middle, c.window)).toBe(0);
        expect(tail).toBeGreaterThanOrEqual(c.margin);
        // And no whole window that was written is left to the raw edges.
        expect(head).toBeLessThan(c.window);
        expect(tail).toBeLessThan(c.window + c.margin);
      }),
    );
  });

  it('refuses what is not a number, a negative range or margin, and an empty window', () => {
    const ok = { window: HOUR, phase: 0, margin: 0 };
    expect(() => splitRange(Number.NaN, HOUR, ok)).toThrow(/end must be a finite number/);
    expect(() => splitRange(HOUR, -1, ok)).toThrow(/must not be negative/);
    expect(() => splitRange(HOUR, HOUR, { ...ok, window: 0 })).toThrow(/window must be positive/);
  });
});

/** A rendered duration expression evaluated as Prometheus does (float seconds; Go's math.Mod is JavaScript's %). */
function evaluate(expr: string, values: Record<string, number>): number {
  const js = expr
    .replace(/min_of\(/g, 'Math.min(')
    .replace(/max_of\(/g, 'Math.max(')
    .replace(/\b[A-Z]\b/g, (name) => String(values[name]));
  return Function(`return (${js});`)() as number;
}

/** Prometheus's truncation of a duration to the millisecond (promql/durations.go, `calculateDuration`). */
const toMillis = (seconds: number) => Math.trunc(seconds * 1000);

describe('splitDurations', () => {
  const names: RollupClock<string> = { window: 'W', phase: 'Q', margin: 'M' };

  it('renders the same arithmetic as PromQL duration expressions', () => {
    expect(splitDurations('E', 'R', names).head).toBe('min_of((((Q - (E - R)) % W + W) % W), R)');
  });

  it('gives Prometheus the millisecond splitRange gives, once made safe for its truncation', () => {
    fc.assert(
      fc.property(end, range, clock, (e, r, c) => {
        const want = splitRange(e, r, c);
        const seconds = { E: e / 1000, R: r / 1000, Q: c.phase / 1000, W: c.window / 1000, M: c.margin / 1000 };
        const got = splitDurations('E', 'R', names);
        for (const piece of ['head', 'middle', 'tail'] as const) {
          expect(toMillis(evaluate(exactDuration(got[piece]), seconds))).toBe(want[piece]);
        }
      }),
      { numRuns: 500 },
    );
  });
});

/** Hourly and daily clocks as the rule groups give them: days of whole hourly windows ending on hourly samples, a lag under an hour, a daily margin at least the hourly one. */
const clocks = clock.chain((hours) =>
  fc
    .record({
      hoursPerDay: fc.integer({ min: 1, max: 30 }),
      dayOffset: fc.nat(),
      lag: fc.integer({ min: 0, max: hours.window - 1 }),
      extraMargin: fc.integer({ min: 0, max: hours.window }),
    })
    .map(({ hoursPerDay, dayOffset, lag, extraMargin }) => {
      const window = hours.window * hoursPerDay;
      const phase = hours.phase + (dayOffset % hoursPerDay) * hours.window;
      return { hours, day: { window, phase, lag, margin: hours.margin + extraMargin } };
    }),
);

describe('splitDays', () => {
  it('splits the hourly middle around the whole days whose sample is written', () => {
    // Hourly samples at :20, days ending at 05:20 stamped 05:50 (lag 30 min), margins 2 and 4 min.
    const at = (d: number, h: number, m: number) => d * DAY + h * HOUR + m * MINUTE;
    const hours = { window: HOUR, phase: 20 * MINUTE, margin: 2 * MINUTE };
    const day = { window: DAY, phase: 5 * HOUR + 20 * MINUTE, lag: 30 * MINUTE, margin: 4 * MINUTE };
    // (day 0 01:05, day 3 05:52]: raw to 01:20, hours to 05:20, days to day 2 05:20 (day 3's
    // sample, stamped 05:50, is newer than 05:52 − 4 min), hours to day 3 05:20, raw to 05:52.
    const end = at(3, 5, 52);
    const range = end - at(0, 1, 5);
    expect(splitRange(end, range, hours)).toEqual({
      head: 15 * MINUTE,
      middle: at(3, 5, 20) - at(0, 1, 20),
      tail: 32 * MINUTE,
    });
    expect(splitDays(end, range, hours, day)).toEqual({
      before: 4 * HOUR,
      days: 2 * DAY,
      after: 24 * HOUR,
      from: 2 * DAY + 24 * HOUR + 32 * MINUTE,
      to: 24 * HOUR + 32 * MINUTE,
    });
  });

  it('tiles the hourly middle: days inside it, on day boundaries, every written day read as a day', () => {
    fc.assert(
      fc.property(end, range, clocks, (e, r, { hours, day }) => {
        const { head, middle, tail } = splitRange(e, r, hours);
        const { before, days, after, from, to } = splitDays(e, r, hours, day);
        expect(before + days + after).toBe(middle);
        expect([to, from]).toEqual([tail + after, tail + after + days]);
        for (const piece of [before, days, after]) expect(piece).toBeGreaterThanOrEqual(0);
        // Whole hours on each side.
        expect(mod(before, hours.window)).toBe(0);
        expect(mod(after, hours.window)).toBe(0);
        if (days === 0) return;
        const first = e - r + head + before;
        const last = e - tail - after;
        expect(mod(first - day.phase, day.window)).toBe(0);
        expect(mod(days, day.window)).toBe(0);
        // The newest day read has its sample written; the next one has not, and no whole day is left to hours.
        expect(last + day.lag).toBeLessThanOrEqual(e - day.margin);
        expect(last + day.window + day.lag).toBeGreaterThan(e - day.margin);
        expect(before).toBeLessThan(day.window);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses days that are not whole hours ending on hourly samples, and a daily margin below the hourly one', () => {
    const hours = { window: HOUR, phase: 0, margin: 2 * MINUTE };
    const day = { window: DAY, phase: 0, lag: 0, margin: 4 * MINUTE };
    expect(() => splitDays(DAY, DAY, hours, { ...day, window: DAY + 1 })).toThrow(/whole hourly windows/);
    expect(() => splitDays(DAY, DAY, hours, { ...day, phase: MINUTE })).toThrow(/whole hourly windows/);
    expect(() => splitDays(DAY, DAY, hours, { ...day, margin: MINUTE })).toThrow(/daily margin/);
    expect(() => splitDays(DAY, DAY, hours, { ...day, lag: -1 })).toThrow(/lag must not be negative/);
  });
});

describe('splitDayDurations', () => {
  const names: RollupClock<string> = { window: 'W', phase: 'Q', margin: 'M' };
  const dayNames: DayClock<string> = { window: 'V', phase: 'P', margin: 'N', lag: 'L' };

  it('gives Prometheus the millisecond splitDays gives, once made safe for its truncation', () => {
    fc.assert(
      fc.property(end, range, clocks, (e, r, { hours, day }) => {
        const want = splitDays(e, r, hours, day);
        const seconds = {
          E: e / 1000,
          R: r / 1000,
          Q: hours.phase / 1000,
          W: hours.window / 1000,
          M: hours.margin / 1000,
          P: day.phase / 1000,
          V: day.window / 1000,
          N: day.margin / 1000,
          L: day.lag / 1000,
        };
        const got = splitDayDurations('E', 'R', splitDurations('E', 'R', names), dayNames);
        for (const piece of ['before', 'days', 'after', 'from', 'to'] as const) {
          expect(toMillis(evaluate(exactDuration(got[piece]), seconds))).toBe(want[piece]);
        }
      }),
      { numRuns: 500 },
    );
  });
});
