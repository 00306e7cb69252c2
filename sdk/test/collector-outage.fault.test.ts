import { describe, expect, it } from 'vitest';
import { type OutagePlan, runCollectorOutage, summaryLines } from './collector-outage';

// The bounded version of "Collector down for 60 s with the SDK voting" (`npm run bench:outage` runs 60 s).
// Two apps per entry: one with the default queue, which must keep everything, and one whose queue of 25
// is too small for the 75 votes cast during the outage, which must drop the oldest and say so. 15 s keeps
// the test under a minute even when the web entry's backoff has grown to its longest pause.
const PLAN: OutagePlan = {
  voters: [{ entry: 'node' }, { entry: 'web' }, { entry: 'node', maxQueue: 25 }, { entry: 'web', maxQueue: 25 }],
  votesPerSecond: 5,
  upBeforeMs: 3000,
  downMs: 15_000,
  upAfterMs: 2000,
};

describe('Collector down with the SDK voting (real otelcol-bilan and Prometheus)', () => {
  it('keeps every vote the queue can hold through the outage, delivers it after the restart, and counts the rest', async () => {
    const result = await runCollectorOutage(PLAN);
    for (const line of summaryLines(PLAN, result)) console.log(line);
    const [node, web, smallNode, smallWeb] = result.entries;
    for (const app of [node, web]) {
      expect(app?.sent).toBeGreaterThan(90);
      expect(app && { delivered: app.delivered, atLoki: app.atLoki, reportedLost: app.reportedLost }).toEqual({
        delivered: app?.sent,
        atLoki: app?.sent,
        reportedLost: 0,
      });
    }
    for (const app of [smallNode, smallWeb]) {
      // 75 votes during the outage into a queue of 25: about 50 dropped, none silently.
      expect(app?.reportedLost).toBeGreaterThan(25);
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
