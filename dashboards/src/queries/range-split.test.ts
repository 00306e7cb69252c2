import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exactDuration, type RollupClock, splitDurations, splitRange } from './range-split';

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
  const js = expr.replace(/min_of\(/g, 'Math.min(').replace(/\b[A-Z]\b/g, (name) => String(values[name]));
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
