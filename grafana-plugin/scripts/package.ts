/**
 * The archive a Grafana admin installs: `<id>-<version>.zip` holding the built
 * plugin in a folder named after the plugin id (what `grafana cli --pluginUrl`
 * and the plugin catalog unpack into the plugins directory), beside its SHA-1
 * checksum file as `sha1sum` writes it. Builds dist/ first. Written to
 * `artifacts/` (or the folder given as argument).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import { DIST, PLUGIN_ROOT } from './paths';

export interface PluginArchive {
  zipPath: string;
  sha1Path: string;
  sha1: string;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Zips an already built plugin folder, source maps included, under a folder named after its id. */
export function packagePlugin(distDir: string, outDir: string): PluginArchive {
  const { id, info } = JSON.parse(readFileSync(join(distDir, 'plugin.json'), 'utf8')) as {
    id: string;
    info: { version: string };
  };
  const entries: Record<string, Uint8Array> = {};
  for (const file of filesUnder(distDir)) {
    entries[`${id}/${relative(distDir, file).split('\\').join('/')}`] = readFileSync(file);
  }
  const zip = zipSync(entries, { level: 9 });
  mkdirSync(outDir, { recursive: true });
  const name = `${id}-${info.version}.zip`;
  const zipPath = join(outDir, name);
  writeFileSync(zipPath, zip);
  const sha1 = createHash('sha1').update(zip).digest('hex');
  const sha1Path = `${zipPath}.sha1`;
  writeFileSync(sha1Path, `${sha1}  ${name}\n`);
  return { zipPath, sha1Path, sha1 };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const arg = process.argv[2];
  const outDir = !arg ? join(PLUGIN_ROOT, 'artifacts') : isAbsolute(arg) ? arg : join(process.cwd(), arg);
  // Imported here: tests load packagePlugin without Vite.
  const { buildPlugin } = await import('./build');
  await buildPlugin(DIST);
  const archive = packagePlugin(DIST, outDir);
  console.log(`${relative(process.cwd(), archive.zipPath)}\n${archive.sha1}`);
}
