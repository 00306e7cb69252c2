import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

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

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export async function startPrometheusOn(
  dataDir: string,
  options: { ruleFiles?: string[]; lookbackDelta?: string } = {},
): Promise<BenchPrometheus> {
  const port = await freePort();
  const configFile = join(dataDir, '..', 'prometheus.yml');
  writeFileSync(
    configFile,
    `global: {evaluation_interval: 1h}\nrule_files: ${JSON.stringify(options.ruleFiles ?? [])}\n`,
  );
  const child: ChildProcess = spawn(
    'prometheus',
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${dataDir}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--storage.tsdb.retention.time=400d',
      `--query.lookback-delta=${options.lookbackDelta ?? '5m'}`,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr?.on('data', (d: Buffer) => {
    log = (log + d.toString()).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  let ready = false;
  while (!ready && Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`prometheus exited (${child.exitCode}):\n${log}`);
    ready = await fetch(`${url}/-/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (!ready) await new Promise((r) => setTimeout(r, 200));
  }
  if (!ready || child.pid === undefined) {
    child.kill('SIGTERM');
    throw new Error(`prometheus was not ready in 120 s:\n${log}`);
  }
  const pid = child.pid;
  return {
    url,
    pid,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        process.kill(pid, 'SIGTERM');
      }),
  };
}
