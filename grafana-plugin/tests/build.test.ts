/**
 * The built plugin: plugin.json (source and built) against Grafana's plugin.json
 * schema; every chunk's host imports against Grafana 13.1.1's shared-module map
 * (names and versions); the real SystemJS loading module.js and its lazy page
 * chunk with Grafana's shared modules provided the way Grafana provides them.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { AppPlugin } from '@grafana/data';
import Ajv from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODULE_GZIP_BUDGET_BYTES } from '../scripts/budgets';
import { GRAFANA_SHARED_MAP } from '../scripts/grafana-shared-map';
import { PLUGIN_ROOT } from '../scripts/paths';
import { findImportProblems, readSystemRegisterDeps } from '../scripts/runtime-imports';

const TSX_CLI = resolve(PLUGIN_ROOT, '..', 'node_modules', 'tsx', 'dist', 'cli.mjs');
/** Grafana's plugin.json schema, copied into the repo (`tests/schemas/README.md` says from where). */
const SCHEMA_PATH = join(PLUGIN_ROOT, 'tests', 'schemas', 'plugin.schema.json');

/** Fields Grafana 13 accepts that the older schema copy lacks. */
const NEWER_FIELDS = {
  extensions: { type: 'object' },
  roles: { type: 'array' },
  iam: { type: 'object' },
  buildMode: { type: 'string' },
  languages: { type: 'array' },
};

/** The version of a package the plugin is compiled against: the one Node resolves from the plugin folder. */
function installedVersion(pkg: string): string | undefined {
  for (const dir of [PLUGIN_ROOT, join(PLUGIN_ROOT, '..')]) {
    const path = join(dir, 'node_modules', pkg, 'package.json');
    if (existsSync(path)) return (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
  }
  return undefined;
}

function pluginJsonValidator() {
  const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8'));
  schema.properties = { ...schema.properties, ...NEWER_FIELDS };
  // `email`/`uri` formats are descriptive here; the patterns use non-unicode escapes (`\-`), as draft-07 allows.
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false });
  return ajv.compile(schema);
}

let out = '';
beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'bilan-plugin-dist-'));
  // A child process: esbuild refuses jsdom's TextEncoder, and this is how `npm run build` runs it anyway.
  execFileSync(process.execPath, [TSX_CLI, join(PLUGIN_ROOT, 'scripts/build.ts'), out], {
    cwd: PLUGIN_ROOT,
    stdio: 'inherit',
  });
});
afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

describe('plugin.json', () => {
  const validate = pluginJsonValidator();
  const source = JSON.parse(readFileSync(join(PLUGIN_ROOT, 'src/plugin.json'), 'utf8'));

  it('source validates against the schema', () => {
    expect(validate(source), JSON.stringify(validate.errors)).toBe(true);
    expect(source.id).toBe('bilan-analytics-app');
    expect(source.dependencies.grafanaDependency).toBe('>=13.1.0');
  });

  it('built validates, with version and date filled in', () => {
    const built = JSON.parse(readFileSync(join(out, 'plugin.json'), 'utf8'));
    expect(validate(built), JSON.stringify(validate.errors)).toBe(true);
    expect(built.info.version).toBe(JSON.parse(readFileSync(join(PLUGIN_ROOT, 'package.json'), 'utf8')).version);
    expect(built.info.updated).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('the validator rejects a broken plugin.json', () => {
    expect(validate({ ...source, id: 'Bilan App' })).toBe(false);
    expect(validate({ ...source, unknownField: true })).toBe(false);
    expect(validate({ ...source, roles: [] })).toBe(true);
  });

  it('lists a nav page per app page plus Configuration', () => {
    const names = source.includes.map((i: { name: string }) => i.name);
    expect(names).toEqual(['Overview', 'Feedback', 'Turns', 'Conversations', 'Journeys', 'Compare', 'Configuration']);
  });
});

describe('dist/', () => {
  it('holds module.js, plugin.json, logo, README and CHANGELOG', () => {
    const files = readdirSync(out);
    for (const f of ['module.js', 'plugin.json', 'README.md', 'CHANGELOG.md', 'img']) expect(files).toContain(f);
  });

  it(`keeps the initial module.js within ${MODULE_GZIP_BUDGET_BYTES} bytes gzipped`, () => {
    const gzipped = gzipSync(readFileSync(join(out, 'module.js')), { level: 9 }).length;
    console.log(`module.js gzip -9: ${gzipped} bytes`);
    expect(gzipped).toBeGreaterThan(0);
    expect(gzipped).toBeLessThanOrEqual(MODULE_GZIP_BUDGET_BYTES);
  });

  it('every chunk imports from the host only what Grafana 13.1.1 shares, at a compatible version', () => {
    const chunks = readdirSync(out).filter((f) => f.endsWith('.js'));
    const imports = chunks.flatMap((f) => readSystemRegisterDeps(readFileSync(join(out, f), 'utf8')));
    expect(imports).toContain('react');
    expect(findImportProblems(imports, installedVersion, GRAFANA_SHARED_MAP)).toEqual([]);
    // Scenes and the v6 router DOM bindings travel inside the plugin; the v6 core comes from the host.
    expect(imports).not.toContain('@grafana/scenes');
    expect(imports).not.toContain('react-router-dom');
    expect(imports).toContain('react-router');
  });

  it('loads with real SystemJS, and its lazy App chunk resolves relative to module.js', async () => {
    const require = createRequire(import.meta.url);
    const grafanaUiRequire = createRequire(require.resolve('@grafana/ui'));
    const { System, applyImportMap } = require('systemjs/dist/system-node.cjs');
    const shared: Record<string, unknown> = {
      react: await import('react'),
      'react/jsx-runtime': await import('react/jsx-runtime'),
      'react-dom': await import('react-dom'),
      '@grafana/data': await import('@grafana/data'),
      '@grafana/ui': await import('@grafana/ui'),
      '@grafana/runtime': await import('@grafana/runtime'),
      '@grafana/runtime/unstable': await import('@grafana/runtime/unstable'),
      '@emotion/css': await import('@emotion/css'),
      '@emotion/react': await import('@emotion/react'),
      // Grafana's router pair: v5 under `react-router-dom`, the v6 core from react-router-dom-v5-compat.
      'react-router-dom': grafanaUiRequire('react-router-dom'),
      'react-router': grafanaUiRequire('react-router-dom-v5-compat'),
      rxjs: await import('rxjs'),
      lodash: await import('lodash'),
      i18next: await import('i18next'),
    };
    const imports: Record<string, string> = {};
    for (const [name, ns] of Object.entries(shared)) {
      imports[name] = `app:${name}`;
      System.set(`app:${name}`, ns);
    }
    applyImportMap(System, { imports });
    const moduleUrl = pathToFileURL(join(out, 'module.js')).href;
    const mod = await System.import(moduleUrl);
    expect(mod.plugin).toBeInstanceOf(AppPlugin);
    expect(mod.plugin.configPages?.map((p: { id: string }) => p.id)).toEqual(['configuration']);

    const appChunk = readdirSync(out).find((f) => /^App\..*\.js$/.test(f));
    if (!appChunk) throw new Error('no App chunk in dist');
    const app = await System.import(new URL(`./${appChunk}`, moduleUrl).href);
    expect(typeof app.default).toBe('function');
    expect(typeof app.buildBilanApp).toBe('function');
  });
});
