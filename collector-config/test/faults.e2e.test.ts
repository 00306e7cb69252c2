import { COLLECTOR_METRIC } from '@bilan/contract';
import {
  collectorCounter,
  freePort,
  type RunningCollector,
  type RunningOtlpSink,
  type RunningPrometheus,
  startCollector,
  startOtlpSink,
  startPrometheus,
  tempDataDir,
  waitFor,
} from '@bilan/stack';
import { afterEach, describe, expect, it } from 'vitest';
import {
  countsByFeature,
  deliveryFigures,
  type SentRequest,
  type SignalFigures,
  startLoad,
  turnIdsAtSink,
} from './fault-load';

/**
 * Faults under load, with the real otelcol-bilan and Prometheus and the OTLP stand-ins for Tempo
 * and Loki. Each test reports, per signal, records sent, accepted (2xx), delivered to the
 * stand-in, counted in Prometheus, lost and counted twice, and requires every accepted record
 * to be delivered and counted exactly once.
 */

const LOAD = { ratePerSecond: 25, recordsPerRequest: 10 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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

interface FaultReport {
  votes: SignalFigures;
  turns: SignalFigures;
}

async function readFigures(rig: FaultRig, service: string, requests: SentRequest[]): Promise<FaultReport> {
  const counts = await countsByFeature(rig.prometheus.url, service);
  return {
    votes: deliveryFigures(requests, 'logs', turnIdsAtSink(rig.loki).logs, counts.logs),
    turns: deliveryFigures(requests, 'traces', turnIdsAtSink(rig.tempo).traces, counts.traces),
  };
}

const complete = (r: FaultReport) => [r.votes, r.turns].every((f) => f.lostAtBackend === 0 && f.lostInPrometheus === 0);

/**
 * Waits until every accepted record arrived and was counted and the Collector's queues are empty,
 * then reads the figures once more a flush later (a late resend would show as counted twice).
 */
async function settle(rig: FaultRig, service: string, requests: SentRequest[]): Promise<FaultReport> {
  await waitFor(
    async () =>
      complete(await readFigures(rig, service, requests)) &&
      (await collectorCounter(rig.collector.metricsUrl, COLLECTOR_METRIC.exporterQueueSize)) === 0,
    { timeoutMs: 45_000, intervalMs: 500, what: 'every accepted record delivered and counted' },
  ).catch(() => undefined);
  await sleep(1_000);
  return readFigures(rig, service, requests);
}

function report(fault: string, figures: FaultReport): void {
  const line = (name: string, f: SignalFigures, backend: string) =>
    `${name}: sent ${f.sent}, accepted ${f.accepted}, at ${backend} ${f.deliveredToBackend} (${f.backendDuplicates} duplicates), ` +
    `counted ${f.countedInPrometheus}, lost ${f.lostAtBackend} at ${backend} / ${f.lostInPrometheus} in Prometheus, ` +
    `counted twice ${f.countedTwice}, unanswered but counted ${f.unansweredButCounted}`;
  console.info(`${fault}\n  ${line('votes', figures.votes, 'Loki')}\n  ${line('turns', figures.turns, 'Tempo')}`);
}

function expectNothingLostOrDoubled(figures: FaultReport): void {
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

/** Runs the load for `seconds`, calls `fault` after `faultAfterSeconds`, and settles. */
async function underLoad(
  rig: FaultRig,
  service: string,
  seconds: number,
  faultAfterSeconds: number,
  fault: () => Promise<void>,
): Promise<FaultReport> {
  const load = startLoad(() => rig.collector.otlpHttpUrl, { ...LOAD, service });
  const started = Date.now();
  await sleep(faultAfterSeconds * 1000);
  await fault();
  await sleep(Math.max(0, seconds * 1000 - (Date.now() - started)));
  const requests = await load.stop();
  return settle(rig, service, requests);
}

describe('faults under load: what the Collector answered 2xx for is delivered and counted once', () => {
  it('SIGKILL, restarted at once', async () => {
    const rig = await startRig();
    const figures = await underLoad(rig, 'fault-sigkill', 6, 3, () => rig.restartCollector('kill'));
    report('Collector SIGKILL under load, restarted at once', figures);
    expectNothingLostOrDoubled(figures);
  });

  it('graceful restart', async () => {
    const rig = await startRig();
    const figures = await underLoad(rig, 'fault-restart', 6, 3, () => rig.restartCollector('stop'));
    report('Collector graceful restart under load', figures);
    expectNothingLostOrDoubled(figures);
  });

  it('the Loki stand-in down for 10 s', async () => {
    const rig = await startRig();
    const figures = await underLoad(rig, 'fault-loki-down', 14, 2, async () => {
      rig.loki.setAvailable(false);
      await sleep(10_000);
      rig.loki.setAvailable(true);
    });
    report('Loki stand-in down 10 s under load', figures);
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
    report('Prometheus down 10 s, Collector SIGKILL + restart during the outage', figures);
    expectNothingLostOrDoubled(figures);
  });
});
