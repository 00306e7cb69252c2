import {
  freePort,
  type RunningCollector,
  type RunningOtlpSink,
  type RunningPrometheus,
  startCollector,
  startOtlpSink,
  startPrometheus,
  tempDataDir,
} from '@bilan/stack';
import { afterEach, describe, it } from 'vitest';
import {
  describeFigures,
  expectNothingLostOrDoubled,
  type FaultReport,
  loadWithFault,
  settle,
  sleep,
} from './fault-load';

/**
 * Faults under load, with the real otelcol-bilan and Prometheus and the OTLP stand-ins for Tempo
 * and Loki. Each test reports, per signal, records sent, accepted (2xx), delivered to the
 * stand-in, counted in Prometheus, lost and counted twice, and requires every accepted record
 * to be delivered and counted exactly once.
 */

const LOAD = { ratePerSecond: 25, recordsPerRequest: 10 };

interface FaultRig {
  prometheus: RunningPrometheus;
  tempo: RunningOtlpSink;
  loki: RunningOtlpSink;
  collector: RunningCollector;
  /** SIGKILL or a graceful stop, then a start on the same addresses and queue folder. */
  restartCollector(how: 'kill' | 'stop'): Promise<void>;
  stopPrometheus(): Promise<void>;
  startPrometheusAgain(): Promise<void>;
  stop(): Promise<void>;
}

const rigs: FaultRig[] = [];
afterEach(async () => {
  for (const rig of rigs.splice(0)) await rig.stop();
});

async function startRig(): Promise<FaultRig> {
  const prometheusPort = await freePort();
  const prometheusDataDir = tempDataDir('fault-prometheus');
  const startProm = () => startPrometheus({ port: prometheusPort, dataDir: prometheusDataDir });
  let prometheus: RunningPrometheus | undefined = await startProm();
  const [tempo, loki] = [await startOtlpSink(), await startOtlpSink()];
  const dataDir = tempDataDir('fault-collector');
  const env = {
    BILAN_OTLP_HTTP_ENDPOINT: `127.0.0.1:${await freePort()}`,
    BILAN_PROMETHEUS_REMOTE_WRITE_URL: prometheus.remoteWriteUrl,
    BILAN_TEMPO_OTLP_TRACES_URL: `${tempo.url}/v1/traces`,
    BILAN_LOKI_OTLP_LOGS_URL: `${loki.url}/otlp/v1/logs`,
    BILAN_EXPORT_ENCODING: 'json',
    BILAN_BATCH_TIMEOUT: '200ms',
    BILAN_COUNT_FLUSH_INTERVAL: '200ms',
  };
  const rig: FaultRig = {
    prometheus,
    tempo,
    loki,
    collector: await startCollector({ dataDir, env }),
    async restartCollector(how) {
      await (how === 'kill' ? rig.collector.kill() : rig.collector.stop());
      rig.collector = await startCollector({ dataDir, env });
    },
    async stopPrometheus() {
      await prometheus?.stop();
      prometheus = undefined;
    },
    async startPrometheusAgain() {
      prometheus = await startProm();
      rig.prometheus = prometheus;
    },
    async stop() {
      await rig.collector.stop();
      await Promise.all([tempo.stop(), loki.stop(), prometheus?.stop()]);
    },
  };
  rigs.push(rig);
  return rig;
}

/** Runs the load for `seconds`, calls `fault` after `faultAfterSeconds`, and settles. */
async function underLoad(
  rig: FaultRig,
  service: string,
  seconds: number,
  faultAfterSeconds: number,
  fault: () => Promise<void>,
): Promise<FaultReport> {
  const requests = await loadWithFault(
    () => rig.collector.otlpHttpUrl,
    { ...LOAD, service },
    seconds,
    faultAfterSeconds,
    fault,
  );
  return settle(
    {
      prometheusUrl: () => rig.prometheus.url,
      tempo: rig.tempo,
      loki: rig.loki,
      collectorMetricsUrls: () => [rig.collector.metricsUrl],
    },
    service,
    requests,
  );
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
