/**
 * `npm run bench:faults -w @bilan/collector-config`: the fault tests' long versions, too long for
 * `npm test` — Prometheus down 2 minutes and the Loki stand-in down 2 minutes under the fault load
 * (25 requests/s of 10 votes and 25 of 10 turns), then 30 SIGKILLs at random moments with a flush
 * every 20 ms, with the real otelcol-bilan and Prometheus. Prints each fault's figures and one
 * Markdown table (what `npm run bench` reads into bench/RESULTS.md); exits 1 when an accepted record
 * was lost or counted twice.
 */
import { describeFigures, type FaultReport, type SignalFigures, sleep } from '../test/fault-load';
import { type FaultRig, startRig, underLoad } from '../test/fault-rig';

const OUTAGE_MS = 120_000;

interface LongFault {
  name: string;
  service: string;
  outage(rig: FaultRig): Promise<void>;
}

const FAULTS: LongFault[] = [
  {
    name: 'Prometheus down 2 min',
    service: 'long-fault-prometheus',
    async outage(rig) {
      await rig.stopPrometheus();
      await sleep(OUTAGE_MS);
      await rig.startPrometheusAgain();
    },
  },
  {
    name: 'Loki stand-in down 2 min',
    service: 'long-fault-loki',
    async outage(rig) {
      rig.loki.setAvailable(false);
      await sleep(OUTAGE_MS);
      rig.loki.setAvailable(true);
    },
  },
];

const rows: string[] = [];
let failed = false;
for (const fault of FAULTS) {
  const rig = await startRig();
  try {
    const seconds = (OUTAGE_MS + 10_000) / 1000;
    const figures: FaultReport = await underLoad(rig, fault.service, seconds, 5, () => fault.outage(rig), 180_000);
    console.log(describeFigures(`${fault.name}, under load`, figures));
    for (const [signal, f] of [
      ['votes', figures.votes],
      ['turns', figures.turns],
    ] as [string, SignalFigures][]) {
      const lost = f.lostAtBackend + f.lostInPrometheus;
      failed ||= lost > 0 || f.countedTwice > 0;
      rows.push(
        `| ${fault.name}, ${signal} | ${f.sent} | ${f.accepted} | ${f.deliveredToBackend} | ${f.countedInPrometheus} | ${f.countedTwice} | ${lost} of ${f.accepted} accepted | 0 lost, 0 counted twice |`,
      );
    }
  } finally {
    await rig.stop();
  }
}

// Many SIGKILLs at random moments, with a flush every 20 ms so that a kill often lands while a
// count write is in flight or just answered: the moment that counted a batch twice before the count
// ledger (README.md, "Counting exactly once"). Counting twice fails the run, as losing does.
const KILLS = 30;
const FLUSH_MS = 20;
{
  const rig = await startRig({ BILAN_COUNT_FLUSH_INTERVAL: `${FLUSH_MS}ms` });
  try {
    const service = 'long-fault-repeated-kill';
    const figures = await underLoad(
      rig,
      service,
      0,
      1,
      async () => {
        for (let kill = 0; kill < KILLS; kill++) {
          await sleep(500 + Math.random() * 1000);
          await rig.restartCollector('kill');
        }
      },
      120_000,
    );
    console.log(describeFigures(`${KILLS} SIGKILLs at random moments, a flush every ${FLUSH_MS} ms`, figures));
    for (const [signal, f] of [
      ['votes', figures.votes],
      ['turns', figures.turns],
    ] as [string, SignalFigures][]) {
      const lost = f.lostAtBackend + f.lostInPrometheus;
      failed ||= lost > 0 || f.countedTwice > 0;
      rows.push(
        `| ${KILLS} SIGKILLs, a flush every ${FLUSH_MS} ms, ${signal} | ${f.sent} | ${f.accepted} | ${f.deliveredToBackend} | ${f.countedInPrometheus} | ${f.countedTwice} | ${lost} of ${f.accepted} accepted | 0 lost, 0 counted twice |`,
      );
    }
  } finally {
    await rig.stop();
  }
}

console.log('\n### Faults under load: 2-minute outages, repeated SIGKILLs\n');
console.log(
  '| fault | sent | accepted (2xx) | at the stand-in | counted in Prometheus | counted twice | lost | target |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const row of rows) console.log(row);
if (failed) process.exit(1);
