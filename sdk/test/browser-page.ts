// What the SDK's Chromium tests share: the web entry bundled as a page would load it, a page
// server on 127.0.0.1 serving that bundle beside the test's HTML, and headless Chromium.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromiumLaunchOptions } from '@bilan/stack';
import { buildSync } from 'esbuild';
import { type Browser, chromium } from 'playwright-core';

const WEB_ENTRY = new URL('../src/web/index.ts', import.meta.url).pathname;

/** The web entry as one minified script that exposes `Bilan` on the page. */
export function bundleWebEntry(): string {
  const output = buildSync({
    entryPoints: [WEB_ENTRY],
    bundle: true,
    minify: true,
    format: 'iife',
    globalName: 'Bilan',
    platform: 'browser',
    write: false,
  }).outputFiles[0];
  if (!output) throw new Error(`esbuild produced no bundle for ${WEB_ENTRY}`);
  return output.text;
}

export interface PageServer {
  url: string;
  close(): Promise<void>;
}

/** Serves `html` at every path but `/bilan.js`, which is `bundle`; on `port`, or one the OS picks. */
export async function servePage(html: string, bundle: string, port = 0): Promise<PageServer> {
  const server: Server = createServer((req, res) => {
    if (req.url === '/bilan.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle);
    res.writeHead(200, { 'content-type': 'text/html' }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Debian's headless Chromium; a clear error when it is not installed. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch(chromiumLaunchOptions());
}
