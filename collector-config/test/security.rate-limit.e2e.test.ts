import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVENT } from '@bilan/contract';
import {
  attributeValue,
  COLLECTOR_CONFIG,
  freePort,
  type RunningCollector,
  type RunningOtlpSink,
  requireBinary,
  type StartedProcess,
  sinkLogRecords,
  startCollector,
  startOtlpSink,
  startProcess,
  waitFor,
} from '@bilan/stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIG_DIR, PRODUCTION_OVERLAY } from '../src/paths';
import { BROWSER_MAX_REQUEST_BYTES } from '../src/production-overlay';
import { otlpLogsRequest, postLogs } from './otlp-json';

// Debian's nginx (scripts/prepare-machine.sh installs it) with our browser-ingest.conf, in front of
// the real Collector's browser-facing receiver under the production config.
const NGINX_BIN = '/usr/sbin/nginx';
const PROXY_CONF = join(CONFIG_DIR, 'nginx', 'browser-ingest.conf');
const ORIGIN = 'https://app.example.com';
const FLOOD = 60;

let sink: RunningOtlpSink;
let collector: RunningCollector;
let nginx: StartedProcess;
let proxyUrl: string;
const dir = mkdtempSync(join(tmpdir(), 'bilan-nginx-'));

/** browser-ingest.conf with its two addresses moved to free ports, inside a minimal nginx.conf of its own. */
function nginxConfig(listenPort: number, upstreamPort: number, healthPort: number): string {
  const proxy = readFileSync(PROXY_CONF, 'utf8');
  for (const needed of ['listen 4321;', 'proxy_pass http://127.0.0.1:4320;'])
    if (!proxy.includes(needed)) throw new Error(`${PROXY_CONF} no longer has "${needed}"`);
  const site = join(dir, 'browser-ingest.conf');
  writeFileSync(
    site,
    proxy
      .replace('listen 4321;', `listen 127.0.0.1:${listenPort};`)
      .replace('proxy_pass http://127.0.0.1:4320;', `proxy_pass http://127.0.0.1:${upstreamPort};`),
  );
  for (const temp of ['body', 'proxy']) mkdirSync(join(dir, temp), { recursive: true });
  return `daemon off;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${join(dir, 'body')};
  proxy_temp_path ${join(dir, 'proxy')};
  include ${site};
  server { listen 127.0.0.1:${healthPort}; location = /health { return 200; } }
}
`;
}

beforeAll(async () => {
  const bin = requireBinary(NGINX_BIN, 'install it with `apt-get install nginx` (scripts/prepare-machine.sh does)');
  sink = await startOtlpSink();
  const closed = `http://127.0.0.1:${await freePort()}`; // no Prometheus: this file looks at the logs only
  const browserPort = await freePort();
  collector = await startCollector({
    configFiles: [COLLECTOR_CONFIG, PRODUCTION_OVERLAY],
    env: {
      BILAN_PROMETHEUS_REMOTE_WRITE_URL: `${closed}/api/v1/write`,
      BILAN_TEMPO_OTLP_TRACES_URL: `${sink.url}/v1/traces`,
      BILAN_LOKI_OTLP_LOGS_URL: `${sink.url}/otlp/v1/logs`,
      BILAN_EXPORT_ENCODING: 'json', // what the sink reads
      BILAN_BATCH_TIMEOUT: '200ms',
      BILAN_INGEST_TOKEN: 'rate-limit-test-token',
      BILAN_CORS_ALLOWED_ORIGINS: `[${ORIGIN}]`,
      BILAN_OTLP_BROWSER_ENDPOINT: `127.0.0.1:${browserPort}`,
    },
  });
  const [listenPort, healthPort] = [await freePort(), await freePort()];
  const conf = join(dir, 'nginx.conf');
  writeFileSync(conf, nginxConfig(listenPort, browserPort, healthPort));
  nginx = await startProcess({
    name: 'nginx',
    command: bin,
    args: ['-e', join(dir, 'error.log'), '-p', dir, '-c', conf],
    healthUrl: `http://127.0.0.1:${healthPort}/health`,
  });
  proxyUrl = `http://127.0.0.1:${listenPort}`;
});

afterAll(async () => {
  await nginx?.stop();
  await collector?.stop();
  await sink?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const marker = (record: { attributes?: Parameters<typeof attributeValue>[0] }) =>
  attributeValue(record.attributes, 'test.marker');
const deliveredWith = (prefix: string) =>
  sinkLogRecords(sink.received).filter(({ record }) => String(marker(record)).startsWith(prefix));
const event = (name: string) =>
  otlpLogsRequest('rate-app', [{ eventName: EVENT.custom, attributes: { 'test.marker': name } }]);

describe('nginx in front of the browser-facing endpoint', () => {
  it('passes the preflight to the Collector, which allows the configured origin only', async () => {
    const preflight = (origin: string) =>
      fetch(`${proxyUrl}/v1/logs`, {
        method: 'OPTIONS',
        headers: {
          Origin: origin,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'content-type',
        },
      });
    expect((await preflight(ORIGIN)).headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it(`limits one client address: of ${FLOOD} requests at once, those past the burst get 429 and are never delivered`, async () => {
    const statuses = await Promise.all(
      Array.from({ length: FLOOD }, (_, i) => postLogs(proxyUrl, event(`flood-${i}`)).then((r) => r.status)),
    );
    const accepted = statuses.filter((s) => s === 200).length;
    const limited = statuses.filter((s) => s === 429).length;
    expect(accepted + limited).toBe(FLOOD);
    expect(accepted).toBeGreaterThan(0);
    expect(limited).toBeGreaterThan(0);
    // Exactly the accepted ones reach the Loki exporter.
    await waitFor(() => deliveredWith('flood-').length === accepted, {
      timeoutMs: 30_000,
      what: 'the accepted events',
    });
    const acceptedMarkers = statuses.flatMap((s, i) => (s === 200 ? [`flood-${i}`] : []));
    expect(
      deliveredWith('flood-')
        .map(({ record }) => marker(record))
        .sort(),
    ).toEqual(acceptedMarkers.sort());
  });

  it(`refuses a body over ${BROWSER_MAX_REQUEST_BYTES} bytes with 413, and nothing of it is delivered`, async () => {
    await new Promise((r) => setTimeout(r, 5000)); // the limit's bucket refills (5 per second)
    const big = otlpLogsRequest('rate-app', [
      { eventName: EVENT.custom, attributes: { 'test.marker': 'big', blob: 'a'.repeat(BROWSER_MAX_REQUEST_BYTES) } },
    ]);
    expect((await postLogs(proxyUrl, big)).status).toBe(413);
    expect((await postLogs(proxyUrl, event('after-big'))).status).toBe(200);
    await waitFor(() => deliveredWith('after-big').length === 1, { timeoutMs: 30_000, what: 'the small request' });
    expect(deliveredWith('big')).toEqual([]);
  });

  it('answers nothing but the logs endpoint, and only POST and OPTIONS there', async () => {
    expect((await fetch(`${proxyUrl}/v1/metrics`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await fetch(`${proxyUrl}/v1/traces`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await fetch(`${proxyUrl}/v1/logs`)).status).toBe(403);
  });
});
