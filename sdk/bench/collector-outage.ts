// `npm run bench:outage -w @bilan/sdk`: the full "Collector down for 60 s with the SDK voting" at 5 votes/s
// per app, the node and web entries with their default queues and with a queue of 100 (too small for the
// 300 votes of the outage). Prints one line per app; `npm test` runs the same with 15 s (test/).
import { type OutagePlan, runCollectorOutage, summaryLines } from '../test/collector-outage';
import { measureQueueMemory } from './queue-memory';

const PLAN: OutagePlan = {
  voters: [{ entry: 'node' }, { entry: 'web' }, { entry: 'node', maxQueue: 100 }, { entry: 'web', maxQueue: 100 }],
  votesPerSecond: 5,
  upBeforeMs: 5000,
  downMs: 60_000,
  upAfterMs: 5000,
  recoveryTimeoutMs: 90_000,
};

const result = await runCollectorOutage(PLAN);
for (const line of summaryLines(PLAN, result)) console.log(line);
// The same figures as a table, which `npm run bench` reads into bench/RESULTS.md.
console.log(`\n### Collector down ${PLAN.downMs / 1000} s with the SDK voting\n`);
console.log('| app | sent | counted in Prometheus | at the Loki stand-in | reported lost | lost | target |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const e of result.entries) {
  console.log(
    `| ${e.entry} entry, queue ${e.maxQueue ?? 'default'} | ${e.sent} | ${e.delivered} | ${e.atLoki} | ${e.reportedLost} | ${e.lost} of ${e.sent} (${e.reportedLost} reported) | only what is reported |`,
  );
}
for (const line of await measureQueueMemory()) console.log(line);
