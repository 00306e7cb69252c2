/**
 * Builds dist/ as Grafana loads an app plugin: module.js in System.register
 * format (Grafana's loader is SystemJS), shared modules left external, pages and
 * the config page split into chunks that module.js imports relative to itself;
 * plugin.json with version and date filled in, logo, README and CHANGELOG.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'vite';
import { isGrafanaShared } from './externals';
import { DIST, PLUGIN_ROOT } from './paths';

/** Every import of `i18next` but the shim's own goes through the shim (scripts/shims/i18next.ts says why). */
const I18NEXT_SHIM = join(PLUGIN_ROOT, 'scripts/shims/i18next.ts');
const throughI18nextShim = (id: string, importer: string | undefined) => id === 'i18next' && importer !== I18NEXT_SHIM;
const i18nextShim: Plugin = {
  name: 'bilan-i18next-shim',
  enforce: 'pre',
  resolveId: (id, importer) => (throughI18nextShim(id, importer) ? I18NEXT_SHIM : null),
};

export function renderPluginJson(source: string, version: string, today: string): string {
  return source.replaceAll('%VERSION%', version).replaceAll('%TODAY%', today);
}

export async function buildPlugin(outDir = DIST): Promise<void> {
  // A production React build whatever the caller's environment (vitest sets NODE_ENV=test).
  process.env.NODE_ENV = 'production';
  await build({
    configFile: false,
    mode: 'production',
    root: PLUGIN_ROOT,
    logLevel: 'warn',
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    esbuild: { jsx: 'automatic', jsxDev: false },
    plugins: [i18nextShim],
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      minify: true,
      sourcemap: true,
      modulePreload: false,
      copyPublicDir: false,
      reportCompressedSize: false,
      chunkSizeWarningLimit: 4096,
      rollupOptions: {
        input: join(PLUGIN_ROOT, 'src/module.tsx'),
        external: (id, importer) => isGrafanaShared(id) && !throughI18nextShim(id, importer),
        preserveEntrySignatures: 'exports-only',
        output: { format: 'system', entryFileNames: 'module.js', chunkFileNames: '[name].[hash].js' },
      },
    },
  });
  const pkg = JSON.parse(readFileSync(join(PLUGIN_ROOT, 'package.json'), 'utf8')) as { version: string };
  const today = new Date().toISOString().slice(0, 10);
  writeFileSync(
    join(outDir, 'plugin.json'),
    renderPluginJson(readFileSync(join(PLUGIN_ROOT, 'src/plugin.json'), 'utf8'), pkg.version, today),
  );
  mkdirSync(join(outDir, 'img'), { recursive: true });
  cpSync(join(PLUGIN_ROOT, 'src/img'), join(outDir, 'img'), { recursive: true });
  for (const doc of ['README.md', 'CHANGELOG.md']) cpSync(join(PLUGIN_ROOT, doc), join(outDir, doc));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildPlugin(outDirArg(process.argv[2]));
}

function outDirArg(arg: string | undefined): string {
  if (!arg) return DIST;
  return isAbsolute(arg) ? arg : join(process.cwd(), arg);
}
