// `npm run build -w @bilan/sdk`: the package npm users install, staged in dist/package/ (see README,
// "How the package is built"). In this repository the other workspaces import the TypeScript sources;
// the manifest they see is rewritten here into the published one.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { rollup } from 'rollup';
import { dts } from 'rollup-plugin-dts';
import { ENTRIES, PACKAGE_DIR, publishedManifest, REQUIRE_ENTRIES, SDK_DIR } from './package-layout';

const manifest = JSON.parse(readFileSync(join(SDK_DIR, 'package.json'), 'utf8'));
const published = publishedManifest(manifest);
const lib = join(PACKAGE_DIR, 'lib');
// Only what npm installs beside us stays an import; the contract's names are bundled in.
const external = Object.keys({ ...published.dependencies, ...published.peerDependencies });
const isExternal = (id: string) => external.some((name) => id === name || id.startsWith(`${name}/`));
const source = (entry: string) => join(SDK_DIR, ENTRIES[entry] as string);

/** ESM for every entry: shared code in chunks, so an app importing two entries loads it once. */
async function buildEsm() {
  await build({
    entryPoints: Object.fromEntries(Object.keys(ENTRIES).map((entry) => [entry, source(entry)])),
    outdir: lib,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    external,
    chunkNames: 'chunks/[name]-[hash]',
    logLevel: 'warning',
  });
}

/** CommonJS for the entries `require` users reach (README: why only those). */
async function buildCjs() {
  await build({
    entryPoints: Object.fromEntries(REQUIRE_ENTRIES.map((entry) => [entry, source(entry)])),
    outdir: lib,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external,
    logLevel: 'warning',
  });
}

/** One self-contained declaration file per entry (contract types inlined), `.d.cts` beside it for `require`. */
async function buildTypes() {
  for (const entry of Object.keys(ENTRIES)) {
    const bundle = await rollup({
      input: source(entry),
      external: isExternal,
      plugins: [dts({ respectExternal: true, tsconfig: join(SDK_DIR, 'tsconfig.json') })],
    });
    await bundle.write({ file: join(lib, `${entry}.d.ts`), format: 'es' });
    await bundle.close();
    if (REQUIRE_ENTRIES.includes(entry)) copyFileSync(join(lib, `${entry}.d.ts`), join(lib, `${entry}.d.cts`));
  }
}

export async function buildPackage(): Promise<void> {
  rmSync(PACKAGE_DIR, { recursive: true, force: true });
  mkdirSync(lib, { recursive: true });
  await Promise.all([buildEsm(), buildCjs()]);
  await buildTypes();
  writeFileSync(join(PACKAGE_DIR, 'package.json'), `${JSON.stringify(published, null, 2)}\n`);
  copyFileSync(join(SDK_DIR, 'README.md'), join(PACKAGE_DIR, 'README.md'));
}

if (import.meta.url === `file://${process.argv[1]}`) await buildPackage();
