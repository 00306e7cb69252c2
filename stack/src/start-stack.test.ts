import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { SERIES } from '@bilan/contract';
import { describe, expect, it } from 'vitest';
import { freePort, REPO_ROOT, tempDataDir, waitFor } from './process';
import { queryPrometheus } from './prometheus';

describe('npm run stack (src/start-stack.ts)', () => {
  it('starts everything, has demo data in Prometheus within a minute, and stops cleanly on SIGTERM', async () => {
    const names = [
      'PROMETHEUS',
      'ALERTMANAGER',
      'OTLP_HTTP',
      'OTLP_GRPC',
      'COLLECTOR_METRICS',
      'COLLECTOR_HEALTH',
      'SINK',
    ];
    const env: Record<string, string> = { BILAN_STACK_DATA_DIR: tempDataDir('stack') };
    for (const name of names) env[`BILAN_STACK_${name}_PORT`] = String(await freePort());
    const stack = spawn(
      process.execPath,
      [join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(REPO_ROOT, 'stack', 'src', 'start-stack.ts')],
      {
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    stack.stdout.on('data', (d) => (output += d));
    stack.stderr.on('data', (d) => (output += d));
    const exited = new Promise<number | null>((resolve) => stack.once('exit', (code) => resolve(code)));
    try {
      await waitFor(() => output.includes('Ctrl-C stops everything') || output.includes('did not start'), {
        timeoutMs: 60_000,
        what: 'the stack',
      });
      expect(output).toContain(`http://127.0.0.1:${env.BILAN_STACK_PROMETHEUS_PORT}`);
      const prometheus = `http://127.0.0.1:${env.BILAN_STACK_PROMETHEUS_PORT}`;
      const turns = await waitFor(
        async () => {
          const r = await queryPrometheus(prometheus, `sum(${SERIES.turns.name}{service_name="bilan-demo"})`);
          return Number(r[0]?.value[1] ?? 0) > 0 && r;
        },
        { timeoutMs: 60_000, intervalMs: 2000, what: 'demo turns in Prometheus' },
      );
      expect(Number(turns[0]?.value[1])).toBeGreaterThan(0);
    } finally {
      stack.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    const health = await fetch(`http://127.0.0.1:${env.BILAN_STACK_COLLECTOR_HEALTH_PORT}/`).catch(() => undefined);
    expect(health, 'the Collector is gone').toBeUndefined();
  }, 150_000);
});
