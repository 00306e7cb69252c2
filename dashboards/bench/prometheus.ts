import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, PROMETHEUS_BIN, PROMETHEUS_INSTALL_HINT, requireBinary, startProcess } from '@bilan/stack';
import { dashboardConfig } from '../src/config';

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
  options: { ruleFiles?: string[]; lookbackDelta?: string; compactAtOnce?: boolean } = {},
): Promise<BenchPrometheus> {
  const bin = requireBinary(PROMETHEUS_BIN, PROMETHEUS_INSTALL_HINT);
  const port = await freePort();
  const configFile = join(dataDir, '..', 'prometheus.yml');
  writeFileSync(
    configFile,
    // The compose Prometheus's retention, so blocks compact to the same largest size (a tenth of it).
    `global: {evaluation_interval: 1h}\nstorage: {tsdb: {retention: {time: ${dashboardConfig.prometheusRetention}}}}\nrule_files: ${JSON.stringify(options.ruleFiles ?? [])}\n`,
  );
  const url = `http://127.0.0.1:${port}`;
  const proc = await startProcess({
    name: 'prometheus',
    command: bin,
    args: [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${dataDir}`,
      `--web.listen-address=127.0.0.1:${port}`,
      `--query.lookback-delta=${options.lookbackDelta ?? '5m'}`,
      // Compact the loaded blocks at once rather than a minute after start (hidden flag, tsdb/db.go
      // `run`, v0.316.0), so that the timings do not overlap the compaction (`waitForCompaction`).
      ...(options.compactAtOnce ? ['--storage.tsdb.block-reload-interval=1s'] : []),
    ],
    healthUrl: `${url}/-/ready`,
    // Opening a month of blocks takes a while on a busy machine.
    startTimeoutMs: 120_000,
  });
  return { url, pid: proc.pid, stop: proc.stop };
}

/** Metrics of Prometheus's own /metrics page, read in one request, 0 when absent. */
async function ownMetrics(url: string, names: readonly string[]): Promise<number[]> {
  const lines = (await (await fetch(`${url}/metrics`)).text()).split('\n');
  return names.map((name) => {
    const line = lines.find((l) => l.startsWith(`${name} `));
    return line ? Number(line.slice(name.length + 1)) : 0;
  });
}

/**
 * Waits until Prometheus has compacted what it loaded: promtool's blocks overlap (raw series and
 * roll-ups over the same days), and Prometheus merges them in the background after start, which
 * would share the CPU with the timings. Done when no block has been written for 10 s
 * (`prometheus_tsdb_compaction_populating_block` 0 at every poll: a merge of hundreds of blocks
 * takes longer than that without changing their number) and the number of loaded blocks has
 * not changed in that time.
 */
export async function waitForCompaction(url: string, timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  let quietSince = Date.now();
  while (Date.now() < deadline) {
    const [blocks = 0, writing = 0] = await ownMetrics(url, [
      'prometheus_tsdb_blocks_loaded',
      'prometheus_tsdb_compaction_populating_block',
    ]);
    if (blocks !== last || writing !== 0) {
      last = blocks;
      quietSince = Date.now();
    } else if (Date.now() - quietSince >= 10_000) return;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`Prometheus at ${url} was still compacting after ${timeoutMs / 1000} s`);
}
