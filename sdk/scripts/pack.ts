// `npm run pack -w @bilan/sdk`: builds the package and packs it as npm publish would, into dist/bilan-sdk.tgz.
import { execFileSync } from 'node:child_process';
import { renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildPackage } from './build';
import { PACKAGE_DIR, TARBALL } from './package-layout';

export async function packPackage(): Promise<string> {
  await buildPackage();
  const output = execFileSync('npm', ['pack', PACKAGE_DIR, '--pack-destination', dirname(TARBALL), '--json'], {
    encoding: 'utf8',
  });
  const [packed] = JSON.parse(output) as { filename: string }[];
  if (!packed) throw new Error(`npm pack printed no file: ${output}`);
  renameSync(join(dirname(TARBALL), packed.filename), TARBALL);
  return TARBALL;
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await packPackage());
