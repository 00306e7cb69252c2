import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { COLLECTOR_BIN, COLLECTOR_CONFIG, REPO_ROOT, requireBinary } from '@bilan/stack';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const run = promisify(execFile);
const CONFIG_ROOT = join(REPO_ROOT, 'collector-config');
const COLLECTOR_SECTIONS = ['receivers', 'processors', 'exporters', 'connectors', 'extensions', 'service'];

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (['dist', 'node_modules'].includes(name)) return [];
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

/** Every Collector config under collector-config/: a YAML file with a Collector section (the Builder manifest has none). */
function collectorConfigs(): { file: string; overlay: boolean }[] {
  return yamlFiles(CONFIG_ROOT).flatMap((file) => {
    const doc = parse(readFileSync(file, 'utf8')) as Record<string, unknown> | null;
    if (!doc || typeof doc !== 'object' || !COLLECTOR_SECTIONS.some((s) => s in doc) || 'dist' in doc) return [];
    // A config of its own has receivers and exporters; a file without both is an overlay merged on
    // top of the main pipeline.
    return [{ file, overlay: !('receivers' in doc && 'exporters' in doc) }];
  });
}

/** Values for `${env:NAME}` references that have no default, so validate sees a complete config. */
function requiredEnv(files: string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const file of files) {
    for (const [, name] of readFileSync(file, 'utf8').matchAll(/\$\{env:([A-Z0-9_]+)\}/g))
      env[name as string] = 'validate-placeholder';
  }
  return env;
}

describe('otelcol-bilan validate', () => {
  const configs = collectorConfigs();

  it('finds the pipeline config and every other Collector config', () => {
    expect(configs.map((c) => c.file)).toContain(COLLECTOR_CONFIG);
  });

  it.each(configs.map((c) => [relative(REPO_ROOT, c.file), c] as const))(
    'accepts %s',
    async (_name, { file, overlay }) => {
      const bin = requireBinary(COLLECTOR_BIN, 'build it with `npm run collector:build`');
      const files = overlay ? [COLLECTOR_CONFIG, file] : [file];
      const result = await run(bin, ['validate', ...files.map((f) => `--config=${f}`)], {
        env: { ...process.env, ...requiredEnv(files) },
      }).catch((error: { stderr?: string; message: string }) => ({
        stderr: error.stderr ?? error.message,
        failed: true,
      }));
      expect('failed' in result ? result.stderr : '').toBe('');
    },
  );

  it('rejects a config with a misspelt key (so the check is not vacuous)', async () => {
    const bin = requireBinary(COLLECTOR_BIN, 'build it with `npm run collector:build`');
    const dir = mkdtempSync(join(tmpdir(), 'bilan-validate-'));
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, readFileSync(COLLECTOR_CONFIG, 'utf8').replace('limit_mib:', 'limit_mibs:'));
    const error = await run(bin, ['validate', `--config=${broken}`]).then(
      () => 'validate accepted it',
      (e: { stderr: string }) => e.stderr,
    );
    rmSync(dir, { recursive: true });
    expect(error).toMatch(/limit_mibs/);
  });
});
