import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { validateConfig } from './otelcol';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const AGENT = here('./agent-config.yaml');
const GATEWAY = here('./gateway-config.yaml');
const PIPELINE = here('../otelcol-config.yaml');

const scratch = mkdtempSync(join(tmpdir(), 'bilan-gateway-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('agent-config.yaml', () => {
  it('validates with a static pool of gateways', async () => {
    const result = await validateConfig([AGENT], { BILAN_GATEWAY_HOSTNAMES: '[gw-1:4317, gw-2:4317]' });
    expect(result.ok, result.output).toBe(true);
  });

  it('validates with a DNS-resolved pool', async () => {
    const result = await validateConfig([AGENT], { BILAN_GATEWAY_RESOLVER: 'dns', BILAN_GATEWAY_DNS_NAME: 'gateways' });
    expect(result.ok, result.output).toBe(true);
  });

  it('routes traces and logs by trace id in both resolvers', () => {
    const text = readFileSync(AGENT, 'utf8');
    expect(text.match(/routing_key: traceID/g)).toHaveLength(2);
    expect(text).not.toMatch(/routing_key: (?!traceID)/);
  });

  describe('bad settings fail validation', () => {
    it('an unknown resolver', async () => {
      const result = await validateConfig([AGENT], { BILAN_GATEWAY_RESOLVER: 'consul' });
      expect(result.ok).toBe(false);
      expect(result.output).toMatch(/load_balancing\/consul/);
    });

    it('a misspelt key (so validate is not vacuous)', async () => {
      const broken = join(scratch, 'agent-broken.yaml');
      writeFileSync(broken, readFileSync(AGENT, 'utf8').replace('routing_key: traceID', 'routing_keys: traceID'));
      const result = await validateConfig([broken]);
      expect(result.ok).toBe(false);
      expect(result.output).toMatch(/routing_keys/);
    });
  });
});

describe('gateway-config.yaml merged on the pipeline config', () => {
  it('validates with a gateway id and a Mimir tenant', async () => {
    const result = await validateConfig([PIPELINE, GATEWAY], {
      BILAN_GATEWAY_ID: 'gateway-1',
      BILAN_TENANT_ID: 'bilan',
      BILAN_PROMETHEUS_REMOTE_WRITE_URL: 'http://mimir:9009/api/v1/push',
    });
    expect(result.ok, result.output).toBe(true);
  });

  it('refuses to start without a gateway id (two gateways would corrupt each other’s counters)', async () => {
    const result = await validateConfig([PIPELINE, GATEWAY], { BILAN_GATEWAY_ID: '' });
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/external labels/);
  });

  it('runs the pipeline’s own Tempo and Loki processors, with only the agents’ marks removed first', () => {
    const pipelinesOf = (file: string) =>
      (parse(readFileSync(file, 'utf8')) as { service: { pipelines: Record<string, { processors?: string[] }> } })
        .service.pipelines;
    const base = pipelinesOf(PIPELINE);
    const overlay = pipelinesOf(GATEWAY);
    expect(Object.keys(overlay).sort()).toEqual(['logs', 'traces']);
    for (const name of ['logs', 'traces']) {
      const [first, ...rest] = base[name]?.processors ?? [];
      expect(first).toBe('memory_limiter');
      expect(overlay[name]?.processors).toEqual([first, 'transform/agent_marks', ...rest]);
    }
  });
});
