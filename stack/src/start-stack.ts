/**
 * `npm run stack`: Prometheus, Alertmanager, otelcol-bilan (Tempo/Loki exporters to a local OTLP
 * sink unless BILAN_TEMPO_OTLP_TRACES_URL / BILAN_LOKI_OTLP_LOGS_URL are set) and the demo AI app,
 * all on 127.0.0.1 with their data under .data/. Ctrl-C or SIGTERM stops everything it started.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { initBilan } from '@bilan/sdk/node';
import { startAlertmanager } from './alertmanager';
import { startCollector } from './collector';
import { runDemoTraffic } from './demo/demo-app';
import { seededRandom } from './demo/fake-model';
import { startOtlpSink } from './otlp-sink';
import { collectorEnvFor } from './pipeline';
import { REPO_ROOT } from './process';
import { startPrometheus } from './prometheus';
import { STACK_PORTS } from './stack-ports';

/** `.data/` at the repository root unless BILAN_STACK_DATA_DIR says otherwise (tests use a temp folder). */
const DATA_DIR = process.env.BILAN_STACK_DATA_DIR || join(REPO_ROOT, '.data');
const stops: { name: string; stop(): Promise<void> }[] = [];

async function main(): Promise<void> {
  const ports = STACK_PORTS(process.env);
  const dir = (name: string) => {
    const path = join(DATA_DIR, name);
    mkdirSync(path, { recursive: true });
    return path;
  };
  const alertmanager = await startAlertmanager({ port: ports.alertmanager, dataDir: dir('alertmanager') });
  stops.push({ name: 'alertmanager', stop: alertmanager.stop });
  const prometheus = await startPrometheus({
    port: ports.prometheus,
    dataDir: dir('prometheus'),
    scrapeTargets: [`127.0.0.1:${ports.collectorTelemetry}`],
    alertmanagerUrl: alertmanager.url,
  });
  stops.push({ name: 'prometheus', stop: prometheus.stop });
  const realBackends = Boolean(process.env.BILAN_TEMPO_OTLP_TRACES_URL || process.env.BILAN_LOKI_OTLP_LOGS_URL);
  const sink = realBackends ? undefined : await startOtlpSink({ port: ports.sink, keep: 200 });
  if (sink) stops.push({ name: 'otlp sink', stop: sink.stop });
  const collector = await startCollector({
    dataDir: dir('collector'),
    telemetryPort: ports.collectorTelemetry,
    env: {
      ...collectorEnvFor(prometheus, sink?.url ?? '', {
        tempoTracesUrl: process.env.BILAN_TEMPO_OTLP_TRACES_URL,
        lokiLogsUrl: process.env.BILAN_LOKI_OTLP_LOGS_URL,
      }),
      BILAN_OTLP_HTTP_ENDPOINT: `127.0.0.1:${ports.otlpHttp}`,
      BILAN_OTLP_GRPC_ENDPOINT: `127.0.0.1:${ports.otlpGrpc}`,
      BILAN_HEALTH_ENDPOINT: `127.0.0.1:${ports.collectorHealth}`,
    },
  });
  stops.push({ name: 'otelcol-bilan', stop: collector.stop });

  const bilan = initBilan({
    endpoint: collector.otlpHttpUrl,
    serviceName: 'bilan-demo',
    serviceVersion: '0.1.0',
    environment: 'local',
  });
  const traffic = new AbortController();
  const demo = runDemoTraffic(bilan, seededRandom(Date.now()), traffic.signal);
  stops.push({
    name: 'demo app',
    stop: async () => {
      traffic.abort();
      // Bounded: a flush to a Collector that is already gone must not hold the shutdown.
      await Promise.race([demo.then(() => bilan.shutdown()), new Promise((r) => setTimeout(r, 5000))]);
    },
  });

  console.log(`
Bilan local stack is up (data in ${DATA_DIR}):
  Prometheus        ${prometheus.url}          (try: sum by (feature) (bilan_votes_total))
  Alertmanager      ${alertmanager.url}
  OTLP/HTTP ingest  ${collector.otlpHttpUrl}    (point @bilan/sdk here)
  OTLP/gRPC ingest  ${collector.otlpGrpcEndpoint}
  Collector metrics ${collector.metricsUrl}
  Collector health  ${collector.healthUrl}
  ${sink ? `Tempo/Loki sink   ${sink.url} (stand-in; set BILAN_TEMPO_OTLP_TRACES_URL / BILAN_LOKI_OTLP_LOGS_URL for real ones)` : 'Tempo/Loki        from BILAN_TEMPO_OTLP_TRACES_URL / BILAN_LOKI_OTLP_LOGS_URL'}
  Demo app          service_name="bilan-demo", data within a minute
Ctrl-C stops everything.`);
}

let stopping = false;
async function stopAll(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  for (const { name, stop } of stops.reverse()) {
    await stop().catch((error) => console.error(`stopping ${name}: ${error}`));
  }
  process.exit(code);
}

process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));
main().catch(async (error) => {
  console.error(`The stack did not start: ${error instanceof Error ? error.message : error}`);
  await stopAll(1);
});
