import { describe, expect, it } from 'vitest';
import { type OutagePlan, runCollectorOutage, summaryLines } from './collector-outage';

// The bounded version of "Collector down for 60 s with the SDK voting" (`npm run bench:outage` runs 60 s).
// Two apps per entry: one with the default queue, which must keep everything, and one whose queue of 40
// is too small for the 100 votes cast during the outage, which must drop the oldest and say so.
const PLAN: OutagePlan = {
  voters: [{ entry: 'node' }, { entry: 'web' }, { entry: 'node', maxQueue: 40 }, { entry: 'web', maxQueue: 40 }],
  votesPerSecond: 5,
  upBeforeMs: 3000,
  downMs: 20_000,
  upAfterMs: 3000,
};

describe('Collector down with the SDK voting (real otelcol-bilan and Prometheus)', () => {
  it('keeps every vote the queue can hold through the outage, delivers it after the restart, and counts the rest', async () => {
    const result = await runCollectorOutage(PLAN);
    for (const line of summaryLines(PLAN, result)) console.log(line);
    const [node, web, smallNode, smallWeb] = result.entries;
    for (const app of [node, web]) {
      expect(app?.sent).toBeGreaterThan(100);
      expect(app && { delivered: app.delivered, atLoki: app.atLoki, reportedLost: app.reportedLost }).toEqual({
        delivered: app?.sent,
        atLoki: app?.sent,
        reportedLost: 0,
      });
    }
    for (const app of [smallNode, smallWeb]) {
      // 100 votes during the outage into a queue of 40: about 60 dropped, none silently.
      expect(app?.reportedLost).toBeGreaterThan(40);
      expect(app && { lost: app.lost, atLoki: app.atLoki, droppedCounted: app.droppedCounted }).toEqual({
        lost: app?.reportedLost,
        atLoki: app?.delivered,
        droppedCounted: app?.reportedLost,
      });
    }
    // Everything the Collector answered 2xx for reached the Loki stand-in.
    expect(result.accepted).toBe(result.atLoki);
  }, 120_000);
});
