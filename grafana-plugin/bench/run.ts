/**
 * Budgets (a benchmark, not a test): the initial module.js gzipped size, and how
 * long the feedback table takes to show 10,000 votes in real headless Chromium,
 * against a 100-vote baseline in the same browser. Prints a Markdown table.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromiumLaunchOptions } from '@bilan/stack';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { FEEDBACK_TABLE_BUDGET_MS, MODULE_GZIP_BUDGET_BYTES } from '../scripts/budgets';
import { buildPlugin } from '../scripts/build';
import { DIST, PLUGIN_ROOT } from '../scripts/paths';

const BUDGET = { moduleGzipKb: MODULE_GZIP_BUDGET_BYTES / 1024, tableMs: FEEDBACK_TABLE_BUDGET_MS } as const;
const RUNS = 9;

const kb = (bytes: number) => bytes / 1024;
const gzipKb = (path: string) => kb(gzipSync(readFileSync(path), { level: 9 }).length);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

async function measureBundle() {
  await buildPlugin(DIST);
  const chunks = readdirSync(DIST).filter((f) => f.endsWith('.js'));
  return chunks.map((f) => ({ file: f, rawKb: kb(readFileSync(join(DIST, f)).length), gzipKb: gzipKb(join(DIST, f)) }));
}

async function buildHarness(): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), 'bilan-bench-'));
  process.env.NODE_ENV = 'production';
  await build({
    configFile: false,
    mode: 'production',
    root: join(PLUGIN_ROOT, 'bench/harness'),
    logLevel: 'error',
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    esbuild: { jsx: 'automatic', jsxDev: false },
    resolve: { alias: [{ find: /^uwrap$/, replacement: join(PLUGIN_ROOT, '../node_modules/uwrap/dist/uWrap.mjs') }] },
    build: {
      outDir: out,
      emptyOutDir: true,
      target: 'es2022',
      reportCompressedSize: false,
      chunkSizeWarningLimit: 100_000,
    },
  });
  return out;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
};

async function measureTable(harnessDir: string) {
  const server = createServer((req, res) => {
    const urlPath = (req.url ?? '/').split('?')[0] ?? '/';
    const file = join(harnessDir, normalize(urlPath === '/' ? 'index.html' : urlPath).replace(/^(\.\.[/\\])+/, ''));
    let body: Buffer;
    try {
      body = readFileSync(file);
    } catch {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => 'renderFeedback' in window, undefined, { timeout: 30_000 });
    const time = (n: number) =>
      page.evaluate(
        (count) => (window as unknown as { renderFeedback(n: number): Promise<number> }).renderFeedback(count),
        n,
      );
    await time(100); // warm-up: first render pays for code parsing and style injection
    const baseline: number[] = [];
    const full: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      baseline.push(await time(100));
      full.push(await time(10_000));
    }
    const rowsShown = await page.evaluate(() => document.querySelectorAll('[role="row"]').length);
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
    return { baselineMs: median(baseline), fullMs: median(full), rowsShown };
  } finally {
    await browser.close();
    server.close();
  }
}

const chunks = await measureBundle();
const module = chunks.find((c) => c.file === 'module.js');
const table = await measureTable(await buildHarness());
const ok = (pass: boolean) => (pass ? 'within budget' : 'OVER BUDGET');

console.log('| measure | value | budget | |');
console.log('| --- | --- | --- | --- |');
console.log(
  `| initial module.js, gzip -9 | ${module?.gzipKb.toFixed(2)} KB | ≤ ${BUDGET.moduleGzipKb} KB | ${ok((module?.gzipKb ?? Infinity) <= BUDGET.moduleGzipKb)} |`,
);
for (const c of chunks.filter((c) => c.file !== 'module.js')) {
  console.log(
    `| lazy chunk ${c.file.replace(/\.[\w-]+\.js$/, '')}, gzip -9 | ${c.gzipKb.toFixed(1)} KB (${c.rawKb.toFixed(0)} KB raw) | loaded on first use | |`,
  );
}
console.log(
  `| feedback table, 10,000 votes: Loki frame → rows → painted table (median of ${RUNS}) | ${table.fullMs.toFixed(0)} ms | ≤ ${BUDGET.tableMs} ms | ${ok(table.fullMs <= BUDGET.tableMs)} |`,
);
console.log(
  `| same, 100 votes (baseline, same run) | ${table.baselineMs.toFixed(0)} ms | | ratio 10,000 ÷ 100: ${(table.fullMs / table.baselineMs).toFixed(2)}× |`,
);
console.log(`| table rows in the DOM for 10,000 votes (virtualised) | ${table.rowsShown} | | |`);
