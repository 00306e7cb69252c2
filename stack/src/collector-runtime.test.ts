import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { COLLECTOR_CONFIG } from './collector';
import { collectorGoRuntimeEnv, memoryLimiterDefaults } from './collector-runtime';
import { REPO_ROOT } from './process';

describe('the Collector’s Go runtime settings', () => {
  it('read the memory_limiter defaults of a config', () => {
    expect(memoryLimiterDefaults(readFileSync(COLLECTOR_CONFIG, 'utf8'))).toEqual({ limitMib: 512, spikeMib: 128 });
    const plain = 'processors:\n  memory_limiter:\n    limit_mib: 2048\n    spike_limit_mib: 256\n';
    expect(memoryLimiterDefaults(plain)).toEqual({ limitMib: 2048, spikeMib: 256 });
  });

  it('refuse a config without limits they can read', () => {
    expect(() => memoryLimiterDefaults('processors: {}\n')).toThrow(/no memory_limiter/);
    expect(() =>
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the Collector's own ${env:…} syntax, no default
      memoryLimiterDefaults('processors:\n  memory_limiter:\n    limit_mib: ${env:X}\n    spike_limit_mib: 1\n'),
    ).toThrow(/limit_mib is not a whole number/);
    expect(() =>
      memoryLimiterDefaults('processors:\n  memory_limiter:\n    limit_mib: 100\n    spike_limit_mib: 100\n'),
    ).toThrow(/spike_limit_mib must be below/);
  });

  it('keep Go’s soft memory limit under the memory_limiter’s soft limit', () => {
    expect(collectorGoRuntimeEnv({ limitMib: 512, spikeMib: 128 })).toEqual({ GOGC: '400', GOMEMLIMIT: '345MiB' });
    for (const limits of [
      { limitMib: 256, spikeMib: 64 },
      { limitMib: 4096, spikeMib: 819 },
    ]) {
      const go = Number.parseInt(collectorGoRuntimeEnv(limits).GOMEMLIMIT, 10);
      expect(go).toBeLessThan(limits.limitMib - limits.spikeMib);
      expect(go).toBeGreaterThan(0);
    }
  });

  it('are what docker-compose.yml gives the Collector', () => {
    const compose = parse(readFileSync(join(REPO_ROOT, 'docker-compose.yml'), 'utf8')) as {
      services: Record<string, { environment?: Record<string, string> }>;
    };
    const env = compose.services['otel-collector']?.environment ?? {};
    const want = collectorGoRuntimeEnv(memoryLimiterDefaults(readFileSync(COLLECTOR_CONFIG, 'utf8')));
    expect({ GOGC: String(env.GOGC), GOMEMLIMIT: env.GOMEMLIMIT }).toEqual(want);
  });
});
