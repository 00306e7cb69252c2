import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { COLLECTOR_BIN, COLLECTOR_CONFIG, REPO_ROOT, requireBinary } from '@bilan/stack';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const run = promisify(execFile);
const MANIFEST = join(REPO_ROOT, 'collector-config', 'builder-config.yaml');
const KINDS = ['receivers', 'processors', 'exporters', 'connectors', 'extensions'] as const;

type Components = Record<(typeof KINDS)[number] | 'providers', { name?: string; module: string }[]>;
let components: Components;

beforeAll(async () => {
  const bin = requireBinary(COLLECTOR_BIN, 'build it with `npm run collector:build`');
  components = parse((await run(bin, ['components'])).stdout) as Components;
});

describe('the otelcol-bilan build', () => {
  it('holds exactly the modules and versions of builder-config.yaml', () => {
    const manifest = parse(readFileSync(MANIFEST, 'utf8')) as Record<string, { gomod: string }[]>;
    for (const kind of [...KINDS, 'providers'] as const) {
      const built = (components[kind] ?? []).map((c) => c.module).sort();
      expect(built, kind).toEqual(manifest[kind]?.map((c) => c.gomod).sort());
    }
  });

  it('knows every component type the pipeline config uses', () => {
    const config = parse(readFileSync(COLLECTOR_CONFIG, 'utf8')) as Record<string, Record<string, unknown>>;
    for (const kind of KINDS) {
      const used = Object.keys(config[kind] ?? {}).map((id) => id.split('/')[0]);
      const known = new Set((components[kind] ?? []).map((c) => c.name));
      expect(
        used.filter((type) => !known.has(type)),
        kind,
      ).toEqual([]);
    }
  });

  it('skips the work on a second run of build-collector.sh', async () => {
    const { stdout } = await run('bash', [join(REPO_ROOT, 'collector-config', 'build-collector.sh')]);
    expect(stdout).toMatch(/up to date/);
  });
});
