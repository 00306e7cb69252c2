import { fileURLToPath } from 'node:url';
import {
  COLLECTOR_CONFIG,
  freePort,
  type RunningCollector,
  type RunningOtlpSink,
  type RunningPrometheus,
  sinkLogRecords,
  sinkSpans,
  startCollector,
  startOtlpSink,
  startPrometheus,
  tempDataDir,
} from '@bilan/stack';
import { afterEach, describe, expect, it } from 'vitest';
import { expectNothingLostOrDoubled } from '../test/fault-expect';
import { describeFigures, type FaultReport, loadWithFault, settle, sleep } from '../test/fault-load';
import { faultPipelineEnv } from '../test/fault-rig';

const AGENT = fileURLToPath(new URL('./agent-config.yaml', import.meta.url));
const GATEWAY = fileURLToPath(new URL('./gateway-config.yaml', import.meta.url));

/** A Collector that restarts on the same addresses and queue folder, as a pod or a service does. */
interface Restartable {
  current: RunningCollector;
  restart(how: 'kill' | 'stop'): Promise<void>;
  /** A graceful stop, and later a start on the same addresses and queue folder. */
  down(): Promise<void>;
  up(): Promise<void>;
}

async function restartable(configFiles: string[], env: Record<string, string>): Promise<Restartable> {
  const dataDir = tempDataDir('fault-topology');
  const start = () => startCollector({ configFiles, env, dataDir });
  const collector: Restartable = {
    current: await start(),
    async restart(how) {
      await (how === 'kill' ? collector.current.kill() : collector.current.stop());
      collector.current = await start();
    },
    down: () => collector.current.stop(),
    async up() {
      collector.current = await start();
    },
  };
  return collector;
}

/** One agent, two gateways, Prometheus and the Tempo and Loki stand-ins. */
interface Topology {
  agent: Restartable;
  gatewayA: Restartable;
  gatewayB: Restartable;
  tempo: RunningOtlpSink;
  loki: RunningOtlpSink;
  stopPrometheus(): Promise<void>;
  startPrometheusAgain(): Promise<void>;
  /** Runs the fault load through the agent for `seconds`, the fault after `faultAfter`, and settles. */
  underLoad(service: string, seconds: number, faultAfter: number, fault: () => Promise<void>): Promise<FaultReport>;
  stop(): Promise<void>;
}

async function startTopology(): Promise<Topology> {
  const prometheusPort = await freePort();
  const prometheusDataDir = tempDataDir('fault-topology-prometheus');
  const startProm = () => startPrometheus({ port: prometheusPort, dataDir: prometheusDataDir });
  let prometheus: RunningPrometheus | undefined = await startProm();
  const [tempo, loki] = [await startOtlpSink(), await startOtlpSink()];
  const gatewayEnv = faultPipelineEnv(prometheus, tempo, loki);
  const gateways: Restartable[] = [];
  for (const id of ['gateway-a', 'gateway-b']) {
    gateways.push(
      await restartable([COLLECTOR_CONFIG, GATEWAY], {
        ...gatewayEnv,
        BILAN_GATEWAY_ID: id,
        BILAN_OTLP_GRPC_ENDPOINT: `127.0.0.1:${await freePort()}`,
      }),
    );
  }
  const agent = await restartable([AGENT], {
    BILAN_OTLP_HTTP_ENDPOINT: `127.0.0.1:${await freePort()}`,
    BILAN_GATEWAY_HOSTNAMES: `[${gateways.map((g) => g.current.otlpGrpcEndpoint).join(', ')}]`,
    BILAN_GATEWAY_TLS_INSECURE: 'true',
    BILAN_BATCH_TIMEOUT: '200ms',
  });
  const [gatewayA, gatewayB] = gateways as [Restartable, Restartable];
  return {
    agent,
    gatewayA,
    gatewayB,
    tempo,
    loki,
    async stopPrometheus() {
      await prometheus?.stop();
      prometheus = undefined;
    },
    async startPrometheusAgain() {
      prometheus = await startProm();
    },
    async underLoad(service, seconds, faultAfter, fault) {
      const requests = await loadWithFault(
        () => agent.current.otlpHttpUrl,
        { ratePerSecond: 25, recordsPerRequest: 10, service },
        seconds,
        faultAfter,
        fault,
      );
      return settle(
        {
          prometheusUrl: () => `http://127.0.0.1:${prometheusPort}`,
          tempo,
          loki,
          collectorMetricsUrls: () => [agent, ...gateways].map((c) => c.current.metricsUrl),
        },
        service,
        requests,
      );
    },
    async stop() {
      for (const c of [agent, ...gateways]) await c.current.stop();
      await Promise.all([tempo.stop(), loki.stop(), prometheus?.stop()]);
    },
  };
}

describe('gateway topology under load: agent and gateway restarts, a Prometheus outage', () => {
  const topologies: Topology[] = [];
  afterEach(async () => {
    for (const topology of topologies.splice(0)) await topology.stop();
  });

  it('delivers and counts exactly once what the agent answered 2xx for', async () => {
    const t = await startTopology();
    topologies.push(t);
    const figures = await t.underLoad('fault-gateway-topology', 14, 2, async () => {
      await t.gatewayA.restart('kill');
      await sleep(5_000);
      // Killed at any moment, the agent may have a batch in flight that a gateway took but the
      // agent had not yet deleted: it resends it after the restart (the gateway drops it by its
      // origin ids, "An agent restart or crash" in README.md).
      await t.agent.restart('kill');
      await sleep(2_000);
      await t.stopPrometheus();
      await sleep(1_000);
      await t.gatewayB.restart('stop');
      await sleep(2_000);
      await t.startPrometheusAgain();
    });
    console.info(
      describeFigures(
        'gateway topology: gateway SIGKILL, agent SIGKILL 5 s later, Prometheus down 5 s with a graceful gateway restart inside',
        figures,
      ),
    );
    expectNothingLostOrDoubled(figures);
  }, 120_000);

  it('counts once the part a gateway took of the batches an agent resends after a crash while another gateway was down', async () => {
    const t = await startTopology();
    topologies.push(t);
    const figures = await t.underLoad('fault-agent-crash-gateway-down', 10, 2, async () => {
      // While gateway A is down, every batch waits for A's part; gateway B has taken its own.
      await t.gatewayA.down();
      await sleep(3_000);
      await t.agent.restart('kill');
      await sleep(2_000);
      await t.gatewayA.up();
    });
    console.info(
      describeFigures('gateway topology: agent SIGKILL while a gateway was down for 5 s, the batches resent', figures),
    );
    expectNothingLostOrDoubled(figures);
    // Tempo and Loki get none of the agents' marks: the votes were sent without a trace id.
    const logs = sinkLogRecords(t.loki.received).map(({ record }) => record);
    expect(logs.length).toBeGreaterThan(0);
    expect(logs.filter((r) => r.traceId && !/^0*$/.test(r.traceId)).length).toBe(0);
    const spans = sinkSpans(t.tempo.received);
    const keys = [...logs, ...spans].flatMap((r) => (r.attributes ?? []).map((a) => a.key));
    expect(keys.filter((key) => key.startsWith('bilan.count.'))).toEqual([]);
  }, 120_000);
});
