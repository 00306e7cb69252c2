import { expect } from 'vitest';
import type { FaultReport } from './fault-load';

/** Every accepted record at its stand-in and counted in Prometheus, none counted twice. */
export function expectNothingLostOrDoubled(figures: FaultReport): void {
  for (const f of [figures.votes, figures.turns]) {
    expect(f.accepted).toBeGreaterThan(0);
    expect({
      lostAtBackend: f.lostAtBackend,
      lostInPrometheus: f.lostInPrometheus,
      countedTwice: f.countedTwice,
    }).toEqual({ lostAtBackend: 0, lostInPrometheus: 0, countedTwice: 0 });
    expect(f.deliveredToBackend).toBe(f.accepted);
    expect(f.countedInPrometheus).toBe(f.accepted);
  }
}
