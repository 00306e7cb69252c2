import { afterEach, describe, it } from 'vitest';
import { expectNothingLostOrDoubled } from './fault-expect';
import { describeFigures, sleep } from './fault-load';
import { type FaultRig, startRig as startFaultRig, underLoad } from './fault-rig';

/**
 * Faults under load, with the real otelcol-bilan and Prometheus and the OTLP stand-ins for Tempo
 * and Loki. Each test reports, per signal, records sent, accepted (2xx), delivered to the
 * stand-in, counted in Prometheus, lost and counted twice, and requires every accepted record
 * to be delivered and counted exactly once.
 */

const rigs: FaultRig[] = [];
afterEach(async () => {
  for (const rig of rigs.splice(0)) await rig.stop();
});

async function startRig(): Promise<FaultRig> {
  const rig = await startFaultRig();
  rigs.push(rig);
  return rig;
}

describe('faults under load: what the Collector answered 2xx for is delivered and counted once', () => {
  it('SIGKILL, restarted at once', async () => {
    const rig = await startRig();
    const figures = await underLoad(rig, 'fault-sigkill', 6, 3, () => rig.restartCollector('kill'));
    console.info(describeFigures('Collector SIGKILL under load, restarted at once', figures));
    expectNothingLostOrDoubled(figures);
  });

  it('graceful restart', async () => {
    const rig = await startRig();
    const figures = await underLoad(rig, 'fault-restart', 6, 3, () => rig.restartCollector('stop'));
    console.info(describeFigures('Collector graceful restart under load', figures));
    expectNothingLostOrDoubled(figures);
  });

  it('the Loki stand-in down for 10 s', async () => {
    const rig = await startRig();
    const figures = await underLoad(rig, 'fault-loki-down', 14, 2, async () => {
      rig.loki.setAvailable(false);
      await sleep(10_000);
      rig.loki.setAvailable(true);
    });
    console.info(describeFigures('Loki stand-in down 10 s under load', figures));
    expectNothingLostOrDoubled(figures);
  });

  it('Prometheus down for 10 s, the Collector SIGKILLed and restarted during the outage', async () => {
    const rig = await startRig();
    const figures = await underLoad(rig, 'fault-prometheus-down', 14, 2, async () => {
      await rig.stopPrometheus();
      await sleep(4_000);
      await rig.restartCollector('kill');
      await sleep(4_000);
      await rig.startPrometheusAgain();
    });
    console.info(describeFigures('Prometheus down 10 s, Collector SIGKILL + restart during the outage', figures));
    expectNothingLostOrDoubled(figures);
  });
});
