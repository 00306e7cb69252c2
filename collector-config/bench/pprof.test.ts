import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  COLLECTOR_CONFIG,
  freePort,
  REPO_ROOT,
  type RunningCollector,
  startCollector,
  tempDataDir,
} from '@bilan/stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readCpuBreakdown } from './cpu-breakdown';
import { captureCpuProfile, PPROF_OVERLAY } from './pprof';

const CONFIG_ROOT = join(REPO_ROOT, 'collector-config');

interface CollectorConfig {
  extensions?: Record<string, unknown>;
  service?: { extensions?: string[] };
}

const readConfig = (file: string) => parse(readFileSync(file, 'utf8')) as CollectorConfig;

/** The configs that run outside a benchmark: the pipeline, its auth variant and the gateway topology. */
function productionConfigs(): string[] {
  const yamlIn = (dir: string) =>
    readdirSync(dir)
      .filter((name) => /\.ya?ml$/.test(name) && name !== 'builder-config.yaml')
      .map((name) => join(dir, name));
  return [...yamlIn(CONFIG_ROOT), ...yamlIn(join(CONFIG_ROOT, 'gateway'))];
}

const enablesPprof = (config: CollectorConfig) =>
  Object.keys(config.extensions ?? {}).some((id) => id.split('/')[0] === 'pprof') ||
  (config.service?.extensions ?? []).some((id) => id.split('/')[0] === 'pprof');

describe('the pprof extension', () => {
  it('fails to capture where nothing serves pprof', async () => {
    const nowhere = `http://127.0.0.1:${await freePort()}`;
    await expect(captureCpuProfile(nowhere, 1, '/dev/null')).rejects.toThrow();
  });

  it('is enabled by no production config', () => {
    const configs = productionConfigs();
    expect(configs).toContain(COLLECTOR_CONFIG);
    expect(configs.filter((file) => enablesPprof(readConfig(file)))).toEqual([]);
  });

  it('is enabled by the bench overlay, which keeps every extension of the pipeline', () => {
    const overlay = readConfig(PPROF_OVERLAY);
    expect(enablesPprof(overlay)).toBe(true);
    // Lists replace each other when configs merge: the overlay must repeat the pipeline's list.
    const pipelineExtensions = readConfig(COLLECTOR_CONFIG).service?.extensions ?? [];
    expect(overlay.service?.extensions).toEqual([...pipelineExtensions, 'pprof']);
  });

  describe('on a running pipeline with the overlay', () => {
    let collector: RunningCollector;
    let pprofUrl: string;

    beforeAll(async () => {
      const nowhere = `http://127.0.0.1:${await freePort()}`;
      pprofUrl = `http://127.0.0.1:${await freePort()}`;
      collector = await startCollector({
        configFiles: [COLLECTOR_CONFIG, PPROF_OVERLAY],
        env: {
          BILAN_PPROF_ENDPOINT: new URL(pprofUrl).host,
          // Nothing is sent in this test, so the back ends need not exist.
          BILAN_TEMPO_OTLP_TRACES_URL: `${nowhere}/v1/traces`,
          BILAN_LOKI_OTLP_LOGS_URL: `${nowhere}/v1/logs`,
          BILAN_PROMETHEUS_REMOTE_WRITE_URL: `${nowhere}/api/v1/write`,
          BILAN_COLLECTOR_LOG_LEVEL: 'warn',
        },
      });
    });

    afterAll(async () => {
      await collector?.stop();
    });

    it('serves a CPU profile and the pipeline still answers OTLP', async () => {
      const path = join(tempDataDir('pprof'), 'cpu.pb.gz');
      expect(await captureCpuProfile(pprofUrl, 1, path)).toBeGreaterThan(0);
      // A pprof profile is a gzipped protobuf: the gzip magic bytes open it.
      expect([...readFileSync(path).subarray(0, 2)]).toEqual([0x1f, 0x8b]);
      const otlp = await fetch(`${collector.otlpHttpUrl}/v1/logs`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ resourceLogs: [] }),
      });
      expect(otlp.status).toBe(200);
      // go tool pprof reads it, and every sampled second is charged to exactly one component.
      const breakdown = readCpuBreakdown(path);
      const charged = [...breakdown.seconds.values()].reduce((sum, s) => sum + s, 0);
      expect(charged).toBeCloseTo(breakdown.totalSeconds, 9);
    });
  });
});
