/**
 * The host's HTTP server on 127.0.0.1, laid out as Grafana serves an app: the
 * plugin folder under `/public/plugins/<id>/`, the host bundle under
 * `/public/host/`, Prometheus behind `/api/datasources/proxy/uid/prometheus/`
 * (Grafana's data-source proxy), @grafana/ui's icons under `/public/build/img/icons/`,
 * and the host page for every other path, so
 * `/a/<id>/…` and `/plugins/<id>` load as in Grafana.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, extname, join, normalize } from 'node:path';

/**
 * @grafana/ui's icon files, which Grafana serves under `public/build/img/icons/`. The npm package
 * ships a subset of Grafana's icons; the others are served blank.
 */
const ICONS_DIR = join(dirname(createRequire(import.meta.url).resolve('@grafana/ui')), '..', 'public', 'img', 'icons');

const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
  '.md': 'text/markdown',
  '.ttf': 'font/ttf',
};

interface HostServerOptions {
  pluginId: string;
  pluginDir: string;
  hostDir: string;
  prometheusUrl: string;
}

interface HostServer {
  url: string;
  close(): Promise<void>;
}

/** What Grafana's index.html sets before its bundle runs, cut down: @grafana/runtime's `config` reads it. */
const BLANK_ICON = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"></svg>');

const BOOT_DATA = {
  settings: {
    appSubUrl: '',
    defaultDatasource: 'Prometheus',
    buildInfo: { version: '13.1.1', commit: '', env: 'production', edition: 'Open Source' },
    featureToggles: {},
  },
  user: { isSignedIn: true, orgRole: 'Admin', orgId: 1, login: 'admin', theme: 'dark', language: 'en-US' },
  navTree: [],
};

function page(pluginBase: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Bilan in a Grafana 13.1.1 stand-in host</title>
<link rel="stylesheet" href="/public/host/host.css">
<script>window.grafanaBootData = ${JSON.stringify(BOOT_DATA)}; window.__grafana_public_path__ = '/public/';</script></head>
<body style="margin:0">
<div style="font:12px sans-serif;padding:4px 8px;background:#3d71d9;color:#fff">Rendered by Bilan's host check, a stand-in for Grafana 13.1.1's front end (not Grafana; core panels drawn as lists)</div>
<div id="host" data-plugin-base="${pluginBase}"></div>
<script src="/public/host/host.js"></script></body></html>`;
}

/** A file under `dir`, never outside it; undefined when missing. */
function readUnder(dir: string, relative: string): Buffer | undefined {
  const safe = normalize(relative).replace(/^(\.\.[/\\])+/, '');
  try {
    return readFileSync(join(dir, safe));
  } catch {
    return undefined;
  }
}

export async function startHostServer(options: HostServerOptions): Promise<HostServer> {
  const pluginBase = `/public/plugins/${options.pluginId}`;
  const proxy = '/api/datasources/proxy/uid/prometheus/';
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://host');
    try {
      if (url.pathname.startsWith(proxy)) {
        // GET or a form POST (Grafana sends Prometheus queries as a POST by default), passed on as they came.
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        const upstream = await fetch(`${options.prometheusUrl}/${url.pathname.slice(proxy.length)}${url.search}`, {
          method: req.method,
          ...(req.method === 'POST'
            ? {
                body: Buffer.concat(chunks),
                headers: { 'content-type': req.headers['content-type'] ?? 'application/x-www-form-urlencoded' },
              }
            : {}),
        });
        res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
        res.end(Buffer.from(await upstream.arrayBuffer()));
        return;
      }
      for (const [prefix, dir] of [
        [`${pluginBase}/`, options.pluginDir],
        ['/public/host/', options.hostDir],
        ['/public/build/img/icons/', ICONS_DIR],
      ] as const) {
        if (!url.pathname.startsWith(prefix)) continue;
        const body = readUnder(dir, url.pathname.slice(prefix.length)) ?? (dir === ICONS_DIR ? BLANK_ICON : undefined);
        if (!body) res.writeHead(404).end();
        else
          res.writeHead(200, { 'content-type': TYPES[extname(url.pathname)] ?? 'application/octet-stream' }).end(body);
        return;
      }
      // Grafana's own fonts are not on npm: the browser falls back to its default font.
      if (url.pathname.startsWith('/public/fonts/')) {
        res.writeHead(204).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html' }).end(page(pluginBase));
    } catch (error) {
      res.writeHead(502, { 'content-type': 'text/plain' }).end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('host server has no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
