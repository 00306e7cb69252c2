import { describe, expect, it } from 'vitest';
import { type OutagePlan, runCollectorOutage, summaryLines } from './collector-outage';

// The bounded version of "Collector down for 60 s with the SDK voting" (`npm run bench:outage` runs 60 s).
const PLAN: OutagePlan = { votesPerSecond: 5, upBeforeMs: 3000, downMs: 20_000, upAfterMs: 3000 };

describe('Collector down with the SDK voting (real otelcol-bilan and Prometheus)', () => {
  it('loses nothing: both entries keep every vote through the outage and deliver it after the restart', async () => {
    const result = await runCollectorOutage(PLAN);
    for (const line of summaryLines(PLAN, result)) console.log(line);
    for (const entry of result.entries) {
      expect(entry.sent).toBeGreaterThan(100);
      expect({ entry: entry.entry, delivered: entry.delivered, atLoki: entry.atLoki }).toEqual({
        entry: entry.entry,
        delivered: entry.sent,
        atLoki: entry.sent,
      });
      expect(entry.reportedLost).toBe(0);
    }
    expect(result.accepted).toBe(result.entries.reduce((sum, e) => sum + e.sent, 0));
  }, 120_000);
});
