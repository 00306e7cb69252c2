// The web entry's size as an app ships it: bundled, minified and gzipped, for the ≤ 5 KB budget.
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** The 5 KB budget for what a browser app pays to record votes and events. */
export const WEB_BUDGET_BYTES = 5 * 1024;

/**
 * Bytes (minified, gzip -9) of a browser bundle of an app that imports `initBilan` from `@bilan/sdk/web`,
 * resolved from `resolveDir`: a project with the tarball installed, or this repository for the sources.
 */
export async function webEntrySize(resolveDir: string): Promise<number> {
  const { outputFiles } = await build({
    stdin: { contents: "export { initBilan } from '@bilan/sdk/web';", resolveDir, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  const [bundle] = outputFiles;
  if (!bundle) throw new Error('esbuild wrote no bundle');
  return gzipSync(bundle.contents, { level: 9 }).length;
}
