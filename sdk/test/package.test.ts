// The packed tarball as npm users get it (`npm test` packs it first: scripts/pack.ts): its files, its
// manifest, publint, Are the Types Wrong, and the web entry's size as a consumer's bundler builds it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publint } from 'publint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTRIES, REQUIRE_ENTRIES, SDK_DIR, TARBALL } from '../scripts/package-layout';
import { WEB_BUDGET_BYTES, webEntrySize } from '../scripts/web-size';

let consumer: string;
let installed: string;

beforeAll(() => {
  if (!existsSync(TARBALL)) throw new Error(`${TARBALL} is missing: run \`npm run pack -w @bilan/sdk\` first`);
  // What `npm install` puts in node_modules for the package itself (its dependencies are not needed here).
  consumer = mkdtempSync(join(tmpdir(), 'bilan-sdk-consumer-'));
  installed = join(consumer, 'node_modules', '@bilan', 'sdk');
  mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['-xzf', TARBALL, '-C', installed, '--strip-components=1']);
});
afterAll(() => rmSync(consumer, { recursive: true, force: true }));

const packedFiles = () =>
  execFileSync('tar', ['-tzf', TARBALL], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((path) => path.replace(/^package\//, ''));

describe('the tarball', () => {
  it('holds the manifest, the README and, for every entry, ESM with its types; CommonJS for the require entries', () => {
    const files = packedFiles();
    expect(files.filter((path) => !path.startsWith('lib/chunks/')).sort()).toEqual(
      [
        'package.json',
        'README.md',
        ...Object.keys(ENTRIES).flatMap((entry) => [`lib/${entry}.js`, `lib/${entry}.d.ts`]),
        ...REQUIRE_ENTRIES.flatMap((entry) => [`lib/${entry}.cjs`, `lib/${entry}.d.cts`]),
      ].sort(),
    );
    expect(files.filter((path) => path.startsWith('lib/chunks/')).every((path) => path.endsWith('.js'))).toBe(true);
  });

  it('never names a private package of this repository: the contract is bundled in', () => {
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
    expect(manifest.private).toBeUndefined();
    expect(Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies })).not.toContainEqual(
      expect.stringMatching(/^@bilan\//),
    );
    for (const path of packedFiles().filter((file) => file.startsWith('lib/')))
      expect(readFileSync(join(installed, path), 'utf8'), path).not.toContain('@bilan/contract');
  });

  it('has the version of sdk/package.json', () => {
    const source = JSON.parse(readFileSync(join(SDK_DIR, 'package.json'), 'utf8'));
    expect(JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')).version).toBe(source.version);
  });
});

describe('publint', () => {
  it('finds nothing to report, suggestions included', async () => {
    const tarball = readFileSync(TARBALL);
    const { messages } = await publint({
      pack: { tarball: tarball.buffer.slice(tarball.byteOffset, tarball.byteOffset + tarball.length) as ArrayBuffer },
      level: 'suggestion',
    });
    expect(messages).toEqual([]);
  });
});

describe('Are the Types Wrong (attw CLI)', () => {
  it('resolves every entry with types under node16 (ESM and CJS) and bundler; only the documented gaps remain', () => {
    const attw = join(SDK_DIR, '..', 'node_modules', '.bin', 'attw');
    let output: string;
    try {
      output = execFileSync(attw, [TARBALL, '--format', 'json'], { encoding: 'utf8' });
    } catch (error) {
      output = String((error as { stdout?: string }).stdout); // exit code 1 when it lists problems
    }
    const { analysis } = JSON.parse(output) as {
      analysis: { problems: { kind: string; entrypoint: string; resolutionKind: string }[] };
    };
    // The web entries are ESM only (browser bundlers), so `require` from Node gets them by `import()` only;
    // TypeScript's legacy `node10` resolution cannot see subpath exports at all (README, "Module formats").
    const webEntries = ['./web', './web/turns'];
    expect(analysis.problems.map((p) => `${p.kind} ${p.entrypoint} ${p.resolutionKind}`).sort()).toEqual(
      [
        ...webEntries.map((entry) => `CJSResolvesToESM ${entry} node16-cjs`),
        ...['./node', ...webEntries].map((entry) => `NoResolution ${entry} node10`),
      ].sort(),
    );
  });
});

describe('web entry size (min+gz, esbuild for the browser)', () => {
  it(`stays within ${WEB_BUDGET_BYTES} bytes from the installed tarball and from the sources`, async () => {
    const fromTarball = await webEntrySize(consumer);
    const fromSources = await webEntrySize(SDK_DIR);
    console.log(`@bilan/sdk/web min+gz: ${fromTarball} bytes from the tarball, ${fromSources} from the sources`);
    expect(fromTarball).toBeLessThanOrEqual(WEB_BUDGET_BYTES);
    expect(fromSources).toBeLessThanOrEqual(WEB_BUDGET_BYTES);
  });
});
