import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, PROMETHEUS_BIN, PROMETHEUS_INSTALL_HINT, requireBinary, startProcess } from '@bilan/stack';

/**
 * Prometheus over an existing data directory (blocks written by promtool), on
 * 127.0.0.1 and a free port. The benchmark needs this; `@bilan/stack` starts
 * Prometheus on a fresh temp dir instead.
 */
export interface BenchPrometheus {
  readonly url: string;
  readonly pid: number;
  stop(): Promise<void>;
}

export async function startPrometheusOn(
  dataDir: string,
  options: { ruleFiles?: string[]; lookbackDelta?: string } = {},
): Promise<BenchPrometheus> {
  const bin = requireBinary(PROMETHEUS_BIN, PROMETHEUS_INSTALL_HINT);
  const port = await freePort();
  const configFile = join(dataDir, '..', 'prometheus.yml');
  writeFileSync(
    configFile,
    `global: {evaluation_interval: 1h}\nrule_files: ${JSON.stringify(options.ruleFiles ?? [])}\n`,
  );
  const url = `http://127.0.0.1:${port}`;
  const proc = await startProcess({
    name: 'prometheus',
    command: bin,
    args: [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${dataDir}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--storage.tsdb.retention.time=400d',
      `--query.lookback-delta=${options.lookbackDelta ?? '5m'}`,
    ],
    healthUrl: `${url}/-/ready`,
    // Opening a month of blocks takes a while on a busy machine.
    startTimeoutMs: 120_000,
  });
  return { url, pid: proc.pid, stop: proc.stop };
}
