// A project outside this repository that installs the packed @bilan/sdk the way its users do.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { TARBALL } from '../../sdk/scripts/package-layout';

const run = promisify(execFile);

function requireTarball(): string {
  if (!existsSync(TARBALL)) throw new Error(`${TARBALL} is missing: run \`npm run pack -w @bilan/sdk\` first`);
  return TARBALL;
}

/**
 * `npm install` in `dir` with @bilan/sdk from the tarball; its dependencies (@opentelemetry/*) come from
 * npm's cache or the registry, never from this repository. Fails if the package resolves anywhere else.
 */
async function installSdk(dir: string, args: string[] = [requireTarball()]): Promise<void> {
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', ...args], { cwd: dir });
  const installed = realpathSync(join(dir, 'node_modules', '@bilan', 'sdk'));
  if (!installed.startsWith(realpathSync(dir)))
    throw new Error(`@bilan/sdk resolves to ${installed}, outside the consumer project`);
}

/** A fresh project in a temp folder with its own package.json and the SDK installed from the tarball. */
export async function createConsumerProject(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'bilan-consumer-'));
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'bilan-consumer', version: '1.0.0', private: true, type: 'module' }, null, 2),
  );
  await installSdk(dir);
  return dir;
}

/** A copy of one of examples/ in a temp folder, installed with its own package.json pointing at the tarball. */
export async function copyExample(name: string): Promise<string> {
  const source = new URL(`../${name}/`, import.meta.url).pathname;
  const dir = mkdtempSync(join(tmpdir(), `bilan-example-${name}-`));
  cpSync(source, dir, {
    recursive: true,
    filter: (path) => !/\/(node_modules|dist)(\/|$)/.test(path.slice(source.length - 1)),
  });
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  manifest.dependencies['@bilan/sdk'] = `file:${requireTarball()}`;
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  await installSdk(dir, []);
  return dir;
}
