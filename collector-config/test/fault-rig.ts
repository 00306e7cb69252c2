import {
  collectorEnvFor,
  freePort,
  type RunningCollector,
  type RunningOtlpSink,
  type RunningPrometheus,
  startCollector,
  startOtlpSink,
  startPrometheus,
  tempDataDir,
} from '@bilan/stack';
import { type FaultReport, loadWithFault, settle } from './fault-load';

/**
 * One Collector with Prometheus and the Tempo and Loki stand-ins, for the fault tests and the
 * long fault benchmark: the Collector restarts on the same addresses and queue folder, as a
 * service does, and Prometheus on the same port and data.
 */

/**
 * The pipeline's settings in every fault test: the stack's (batches and flushes every 200 ms),
 * with a stand-in of its own for Tempo and for Loki, so each says what reached it. The stand-ins
 * read OTLP/JSON.
 */
export function faultPipelineEnv(
  prometheus: RunningPrometheus,
  tempo: RunningOtlpSink,
  loki: RunningOtlpSink,
): Record<string, string> {
  return collectorEnvFor(prometheus, tempo.url, {
    lokiLogsUrl: `${loki.url}/otlp/v1/logs`,
    collectorEnv: { BILAN_EXPORT_ENCODING: 'json' },
  });
}

/** The fault load: 25 requests/s of 10 votes, and as many of 10 turns. */
const LOAD = { ratePerSecond: 25, recordsPerRequest: 10 };

export interface FaultRig {
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

/** `collectorEnv` overrides the Collector's settings (a flush interval, say). */
export async function startRig(collectorEnv: Record<string, string> = {}): Promise<FaultRig> {
  const prometheusPort = await freePort();
  const prometheusDataDir = tempDataDir('fault-prometheus');
  const startProm = () => startPrometheus({ port: prometheusPort, dataDir: prometheusDataDir });
  let prometheus: RunningPrometheus | undefined = await startProm();
  const [tempo, loki] = [await startOtlpSink(), await startOtlpSink()];
  const dataDir = tempDataDir('fault-collector');
  const env = {
    BILAN_OTLP_HTTP_ENDPOINT: `127.0.0.1:${await freePort()}`,
    ...faultPipelineEnv(prometheus, tempo, loki),
    ...collectorEnv,
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
  return rig;
}

/** Runs the load for `seconds`, calls `fault` after `faultAfterSeconds`, and settles. */
export async function underLoad(
  rig: FaultRig,
  service: string,
  seconds: number,
  faultAfterSeconds: number,
  fault: () => Promise<void>,
  settleTimeoutMs?: number,
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
    settleTimeoutMs,
  );
}
