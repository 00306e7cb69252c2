import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CONFIG_DIR, PIPELINE_CONFIG } from '../src/paths';

const read = (path: string) => parse(readFileSync(path, 'utf8'));
const pipeline = read(PIPELINE_CONFIG);
const overlay = read(join(CONFIG_DIR, 'bench', 'export-floor-overlay.yaml'));

/** An exporter's settings without its retries and with its sending queue in memory. */
function inMemory(exporter: { sending_queue: Record<string, unknown>; retry_on_failure?: unknown }) {
  const { storage: _storage, ...queue } = exporter.sending_queue;
  const { retry_on_failure: _retry, ...rest } = exporter;
  return { ...rest, sending_queue: queue };
}

describe('the bench overlay of the export floor', () => {
  it("exports as the pipeline's Tempo and Loki exporters do, batching the same way in memory", () => {
    for (const backend of ['tempo', 'loki']) {
      const ours = pipeline.exporters[`otlp_http/${backend}`];
      expect(ours.sending_queue.storage).toBe('file_storage/queue');
      expect(overlay.exporters[`otlp_http/${backend}_floor`]).toEqual(inMemory(ours));
    }
  });

  it('leaves no processor in front of them and feeds no app data to the counts', () => {
    const pipelines = { ...pipeline.service.pipelines };
    for (const [name, spec] of Object.entries<Record<string, string[]>>(overlay.service.pipelines)) {
      pipelines[name] = { ...pipelines[name], ...spec };
    }
    const fromApps = Object.entries<Record<string, string[]>>(pipelines).filter(([, p]) =>
      p.receivers?.includes('otlp'),
    );
    expect(Object.fromEntries(fromApps.map(([name, p]) => [name, p.processors]))).toEqual({
      traces: [],
      logs: [],
      metrics: ['memory_limiter'],
    });
  });
});
