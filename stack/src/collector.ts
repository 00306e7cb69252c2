import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COUNTS_RECEIVER } from '@bilan/contract';
import { collectorGoRuntimeEnv, memoryLimiterDefaults } from './collector-runtime';
import { freePort, REPO_ROOT, requireBinary, startProcess, tempDataDir } from './process';

export const COLLECTOR_BIN = join(REPO_ROOT, 'collector-config', 'dist', 'otelcol-bilan');
export const COLLECTOR_CONFIG = join(REPO_ROOT, 'collector-config', 'otelcol-config.yaml');

export interface StartCollectorOptions {
  configFiles?: string[];
  /** Extra environment (BILAN_* settings of otelcol-config.yaml); ports are chosen here unless given. */
  env?: Record<string, string>;
  /** Keep the same folder across restarts to keep the persistent sending queue. */
  dataDir?: string;
  /** Port of the internal-metrics endpoint, when Prometheus must know it before the start. */
  telemetryPort?: number;
}

export interface RunningCollector {
  otlpHttpUrl: string;
  otlpGrpcEndpoint: string;
  metricsUrl: string;
  healthUrl: string;
  dataDir: string;
  pid: number;
  logTail(): string;
  stop(): Promise<void>;
  /** SIGKILL, no shutdown: what the persistent queues keep is all that survives. */
  kill(): Promise<void>;
}

/**
 * The Go runtime settings docker-compose.yml gives the Collector (`collectorGoRuntimeEnv`), for
 * the memory_limiter limits this process gets; a GOGC or GOMEMLIMIT in the environment wins.
 */
function goRuntimeEnv(env: Record<string, string>): Record<string, string> {
  const defaults = memoryLimiterDefaults(readFileSync(COLLECTOR_CONFIG, 'utf8'));
  const setting = (name: string) => env[name] ?? process.env[name];
  const go = collectorGoRuntimeEnv({
    limitMib: Number(setting('BILAN_MEMORY_LIMIT_MIB') ?? defaults.limitMib),
    spikeMib: Number(setting('BILAN_MEMORY_SPIKE_MIB') ?? defaults.spikeMib),
  });
  return { GOGC: setting('GOGC') ?? go.GOGC, GOMEMLIMIT: setting('GOMEMLIMIT') ?? go.GOMEMLIMIT };
}

/** Starts our otelcol-bilan build on 127.0.0.1 with free ports and waits for its health check. */
export async function startCollector(options: StartCollectorOptions = {}): Promise<RunningCollector> {
  const bin = requireBinary(COLLECTOR_BIN, 'build it with `npm run collector:build` (needs Go)');
  const dataDir = options.dataDir ?? tempDataDir('collector');
  const [httpPort, grpcPort, healthPort, countsPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const telemetryPort = options.telemetryPort ?? (await freePort());
  const env: Record<string, string> = {
    BILAN_OTLP_HTTP_ENDPOINT: `127.0.0.1:${httpPort}`,
    BILAN_OTLP_GRPC_ENDPOINT: `127.0.0.1:${grpcPort}`,
    BILAN_HEALTH_ENDPOINT: `127.0.0.1:${healthPort}`,
    BILAN_COUNTS_OTLP_ENDPOINT: `127.0.0.1:${countsPort}`,
    BILAN_TELEMETRY_HOST: '127.0.0.1',
    BILAN_TELEMETRY_PORT: String(telemetryPort),
    BILAN_QUEUE_DIR: join(dataDir, 'queue'),
    ...goRuntimeEnv(options.env ?? {}),
    ...options.env,
  };
  const configFiles = options.configFiles ?? [COLLECTOR_CONFIG];
  const proc = await startProcess({
    name: 'otelcol-bilan',
    command: bin,
    args: configFiles.map((file) => `--config=${file}`),
    env,
    healthUrl: `http://${env.BILAN_HEALTH_ENDPOINT}/`,
  });
  return {
    otlpHttpUrl: `http://${env.BILAN_OTLP_HTTP_ENDPOINT}`,
    otlpGrpcEndpoint: String(env.BILAN_OTLP_GRPC_ENDPOINT),
    metricsUrl: `http://127.0.0.1:${env.BILAN_TELEMETRY_PORT}/metrics`,
    healthUrl: `http://${env.BILAN_HEALTH_ENDPOINT}/`,
    dataDir,
    pid: proc.pid,
    logTail: proc.logTail,
    stop: proc.stop,
    kill: proc.kill,
  };
}

/**
 * The sum of every sample of `name` in Prometheus text exposition (each label set counted once),
 * or of those whose labels include every `where` pair.
 */
export function sumMetricSamples(text: string, name: string, where: Record<string, string> = {}): number {
  const pairs = Object.entries(where).map(([label, value]) => `${label}=${JSON.stringify(value)}`);
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .filter((line) => pairs.every((pair) => line.includes(`{${pair}`) || line.includes(`,${pair}`)))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}

/** A counter of the Collector's own telemetry, summed over its label sets (0 before its first event). */
export async function collectorCounter(
  metricsUrl: string,
  name: string,
  where: Record<string, string> = {},
): Promise<number> {
  return sumMetricSamples(await (await fetch(metricsUrl)).text(), name, where);
}

/**
 * A receiver counter of what apps sent: every receiver but the Collector's own counts stage
 * (`otlp/counts`), which receives the label copies a second time.
 */
export async function ingestCounter(metricsUrl: string, name: string): Promise<number> {
  const text = await (await fetch(metricsUrl)).text();
  return sumMetricSamples(text, name) - sumMetricSamples(text, name, { receiver: COUNTS_RECEIVER });
}
