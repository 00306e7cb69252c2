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

/** A config of its own: receivers, exporters and pipelines. Any other Collector file is an overlay. */
const isStandalone = (doc: Record<string, unknown>) =>
  'receivers' in doc && 'exporters' in doc && Boolean((doc.service as { pipelines?: unknown } | undefined)?.pipelines);

/**
 * Every Collector config under collector-config/ (a YAML file with a Collector section; the Builder
 * manifest has none), each overlay with the config it is merged on: `name.<variant>.yaml` extends
 * `name.yaml` when that is a config of its own, any other overlay extends the main pipeline.
 */
function collectorConfigs(): { file: string; base?: string }[] {
  const docs = new Map(
    yamlFiles(CONFIG_ROOT).map((file) => [file, parse(readFileSync(file, 'utf8')) as Record<string, unknown> | null]),
  );
  return [...docs].flatMap(([file, doc]) => {
    if (!doc || typeof doc !== 'object' || !COLLECTOR_SECTIONS.some((s) => s in doc) || 'dist' in doc) return [];
    if (isStandalone(doc)) return [{ file }];
    const named = file.replace(/\.[a-z-]+\.ya?ml$/, '.yaml');
    const namedDoc = named !== file ? docs.get(named) : undefined;
    return [{ file, base: namedDoc && isStandalone(namedDoc) ? named : COLLECTOR_CONFIG }];
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

  it.each(
    configs.map(
      (c) =>
        [
          c.base ? `${relative(REPO_ROOT, c.file)} on ${relative(REPO_ROOT, c.base)}` : relative(REPO_ROOT, c.file),
          c,
        ] as const,
    ),
  )('accepts %s', async (_name, { file, base }) => {
    const bin = requireBinary(COLLECTOR_BIN, 'build it with `npm run collector:build`');
    const files = base ? [base, file] : [file];
    const result = await run(bin, ['validate', ...files.map((f) => `--config=${f}`)], {
      env: { ...process.env, ...requiredEnv(files) },
    }).catch((error: { stderr?: string; message: string }) => ({
      stderr: error.stderr ?? error.message,
      failed: true,
    }));
    expect('failed' in result ? result.stderr : '').toBe('');
  });

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
