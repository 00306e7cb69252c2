// Where the published package is staged, its entries, and how its manifest is derived from sdk/package.json.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SDK_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The package as npm users get it: package.json, README.md, lib/. */
export const PACKAGE_DIR = join(SDK_DIR, 'dist', 'package');
/** `npm pack` of PACKAGE_DIR, under a fixed name for the tests and the example. */
export const TARBALL = join(SDK_DIR, 'dist', 'bilan-sdk.tgz');

/** Output name (lib/<name>.js) → source, for every subpath the package exports. */
export const ENTRIES: Record<string, string> = {
  index: 'src/index.ts',
  node: 'src/node/index.ts',
  web: 'src/web/index.ts',
  'web-turns': 'src/web/turns.ts',
};
/** Entries also built as CommonJS: the ones a Node app may `require`; the web entries go through bundlers. */
export const REQUIRE_ENTRIES = ['index', 'node'];

/** Fields of sdk/package.json that only make sense inside this repository. */
const WORKSPACE_ONLY = ['private', 'scripts', 'devDependencies', 'main', 'types', 'exports', 'publishConfig'];

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  publishConfig?: Record<string, unknown>;
  [field: string]: unknown;
}

/**
 * The published manifest: sdk/package.json without its workspace-only fields, with the fields under
 * `publishConfig` (entry points into lib/) moved to the top level — the convention pnpm and Yarn apply
 * at pack time, which npm does not, hence this step. A dependency on another package of this
 * repository is an error: it would reach users as a name they cannot install.
 */
export function publishedManifest(manifest: Manifest): Manifest {
  const { access, ...entryPoints } = manifest.publishConfig ?? {};
  const kept = Object.fromEntries(Object.entries(manifest).filter(([field]) => !WORKSPACE_ONLY.includes(field)));
  const scope = manifest.name.split('/')[0];
  const workspaceNames = Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies }).filter(
    (name) => scope?.startsWith('@') && name.startsWith(`${scope}/`),
  );
  if (workspaceNames.length)
    throw new Error(`${manifest.name} would depend on unpublished ${workspaceNames.join(', ')}: bundle it instead`);
  return { ...kept, ...entryPoints, publishConfig: access ? { access } : undefined } as Manifest;
}
