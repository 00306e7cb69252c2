import { fileURLToPath } from 'node:url';
import {
  COLLECTOR_CONFIG,
  freePort,
  type RunningCollector,
  type RunningPrometheus,
  startCollector,
  startOtlpSink,
  startPrometheus,
  tempDataDir,
} from '@bilan/stack';
import { afterAll, describe, it } from 'vitest';
import { expectNothingLostOrDoubled } from '../test/fault-expect';
import { describeFigures, loadWithFault, settle, sleep } from '../test/fault-load';

const AGENT = fileURLToPath(new URL('./agent-config.yaml', import.meta.url));
const GATEWAY = fileURLToPath(new URL('./gateway-config.yaml', import.meta.url));
const SERVICE = 'fault-gateway-topology';

/** A Collector that restarts on the same addresses and queue folder, as a pod or a service does. */
interface Restartable {
  current: RunningCollector;
  restart(how: 'kill' | 'stop'): Promise<void>;
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
  };
  return collector;
}

describe('gateway topology under load: agent and gateway restarts, a Prometheus outage', () => {
  const stops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const stop of stops.reverse()) await stop();
  });

  it('delivers and counts exactly once what the agent answered 2xx for', async () => {
    const prometheusPort = await freePort();
    const prometheusDataDir = tempDataDir('fault-topology-prometheus');
    const startProm = () => startPrometheus({ port: prometheusPort, dataDir: prometheusDataDir });
    let prometheus: RunningPrometheus | undefined = await startProm();
    stops.push(async () => prometheus?.stop());
    const [tempo, loki] = [await startOtlpSink(), await startOtlpSink()];
    stops.push(tempo.stop, loki.stop);
    const gatewayEnv = {
      BILAN_PROMETHEUS_REMOTE_WRITE_URL: prometheus.remoteWriteUrl,
      BILAN_TEMPO_OTLP_TRACES_URL: `${tempo.url}/v1/traces`,
      BILAN_LOKI_OTLP_LOGS_URL: `${loki.url}/otlp/v1/logs`,
      BILAN_EXPORT_ENCODING: 'json',
      BILAN_BATCH_TIMEOUT: '200ms',
      BILAN_COUNT_FLUSH_INTERVAL: '200ms',
    };
    const gateways: Restartable[] = [];
    for (const id of ['gateway-a', 'gateway-b']) {
      const endpoint = `127.0.0.1:${await freePort()}`;
      const gateway = await restartable([COLLECTOR_CONFIG, GATEWAY], {
        ...gatewayEnv,
        BILAN_GATEWAY_ID: id,
        BILAN_OTLP_GRPC_ENDPOINT: endpoint,
      });
      gateways.push(gateway);
      stops.push(() => gateway.current.stop());
    }
    const agent = await restartable([AGENT], {
      BILAN_OTLP_HTTP_ENDPOINT: `127.0.0.1:${await freePort()}`,
      BILAN_GATEWAY_HOSTNAMES: `[${gateways.map((g) => g.current.otlpGrpcEndpoint).join(', ')}]`,
      BILAN_GATEWAY_TLS_INSECURE: 'true',
      BILAN_BATCH_TIMEOUT: '200ms',
    });
    stops.push(() => agent.current.stop());
    const [gatewayA, gatewayB] = gateways as [Restartable, Restartable];

    const requests = await loadWithFault(
      () => agent.current.otlpHttpUrl,
      { ratePerSecond: 25, recordsPerRequest: 10, service: SERVICE },
      14,
      2,
      async () => {
        await gatewayA.restart('kill');
        // The agent is killed once gateway A took its backlog: a batch still waiting for a gateway
        // when the agent dies is sent again whole, and the other gateway's part counts twice
        // (README.md, "An agent crash while a gateway is down").
        await sleep(5_000);
        await agent.restart('kill');
        await sleep(2_000);
        await prometheus?.stop();
        prometheus = undefined;
        await sleep(1_000);
        await gatewayB.restart('stop');
        await sleep(2_000);
        prometheus = await startProm();
      },
    );
    const figures = await settle(
      {
        prometheusUrl: () => `http://127.0.0.1:${prometheusPort}`,
        tempo,
        loki,
        collectorMetricsUrls: () => [agent, ...gateways].map((c) => c.current.metricsUrl),
      },
      SERVICE,
      requests,
    );
    console.info(
      describeFigures(
        'gateway topology: gateway SIGKILL, agent SIGKILL 5 s later, Prometheus down 5 s with a graceful gateway restart inside',
        figures,
      ),
    );
    expectNothingLostOrDoubled(figures);
  }, 120_000);
});
