/**
 * Bundles the host (host.tsx) for the browser with esbuild: one script and its
 * CSS. The router pair comes from `@grafana/ui`'s own dependencies, the
 * versions Grafana 13.1.1 pins (`react-router-dom` 5.3.4 and
 * `react-router-dom-v5-compat`), under names of their own
 * (`grafana-react-router-dom-v5…`, typed in modules.d.ts) so nothing else the
 * host bundles is redirected.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

// Usage: tsx tests/host/build-host.ts <outDir> (a child process under vitest: esbuild refuses jsdom's TextEncoder).

const HERE = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const GRAFANA_UI_DIR = dirname(require.resolve('@grafana/ui'));
const I18N_INTERNAL = join(dirname(require.resolve('@grafana/i18n')), 'i18n.cjs');
/** Only Scenes' scene-graph module: the host interpolates with it, as Grafana's TemplateSrv does with its own Scenes. */
const SCENE_GRAPH = join(dirname(require.resolve('@grafana/scenes')), 'esm', 'core', 'sceneGraph', 'sceneGraph.js');

const grafanaRouters: Plugin = {
  name: 'grafana-routers',
  setup(b) {
    b.onResolve({ filter: /^grafana-(react-router-dom-v5|react-router-dom-v5-compat)$/ }, async (args) => {
      const name = args.path === 'grafana-react-router-dom-v5' ? 'react-router-dom' : 'react-router-dom-v5-compat';
      const resolved = await b.resolve(name, { kind: args.kind, resolveDir: GRAFANA_UI_DIR });
      return resolved.errors.length ? { errors: resolved.errors } : { path: resolved.path };
    });
    b.onResolve({ filter: /^grafana-i18n-internal$/ }, () => ({ path: I18N_INTERNAL }));
    // Grafana's packages as their CommonJS builds: esbuild's lazy ES-module initialisation breaks on
    // @grafana/data's import cycles (the theme is created before its colour module has run).
    b.onResolve({ filter: /^@grafana\/(data|ui|runtime|schema|e2e-selectors|i18n)(\/unstable)?$/ }, async (args) => {
      if (args.pluginData === 'cjs') return undefined;
      const resolved = await b.resolve(args.path, {
        kind: 'require-call',
        resolveDir: args.resolveDir,
        pluginData: 'cjs',
      });
      return resolved.errors.length ? { errors: resolved.errors } : { path: resolved.path };
    });
    b.onResolve({ filter: /^grafana-scenes-scene-graph$/ }, () => ({ path: SCENE_GRAPH }));
  },
};

/** Writes host.js and host.css into `outDir`. */
export async function buildHost(outDir: string): Promise<void> {
  await build({
    entryPoints: { host: join(HERE, 'host.tsx') },
    outdir: outDir,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    minify: false,
    sourcemap: false,
    logLevel: 'error',
    // `define: undefined`: bundled UMD packages (lodash) must not see SystemJS's AMD `define` and
    // register there instead of exporting, as webpack's own AMD handling spares Grafana's bundle.
    define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis', define: 'undefined' },
    loader: { '.svg': 'dataurl', '.png': 'dataurl', '.ttf': 'file', '.woff': 'file', '.woff2': 'file' },
    // uwrap ships only a `module` field.
    mainFields: ['browser', 'module', 'main'],
    plugins: [grafanaRouters],
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const outDir = process.argv[2];
  if (!outDir) throw new Error('usage: build-host.ts <outDir>');
  await buildHost(outDir);
}
