import { join } from 'node:path';
import { COLLECTOR_CONFIG, freePort, REPO_ROOT, type RunningCollector, startCollector } from '@bilan/stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { otlpLogsRequest, postLogs } from './otlp-json';

const AUTH_OVERLAY = join(REPO_ROOT, 'collector-config', 'otelcol-config.auth.yaml');
const TOKEN = 'test-ingest-token-3f9a';
const ORIGIN = 'https://app.example.com';

let collector: RunningCollector;
beforeAll(async () => {
  const closed = `http://127.0.0.1:${await freePort()}`;
  collector = await startCollector({
    configFiles: [COLLECTOR_CONFIG, AUTH_OVERLAY],
    env: {
      BILAN_INGEST_TOKEN: TOKEN,
      BILAN_CORS_ALLOWED_ORIGINS: `[${ORIGIN}]`,
      BILAN_PROMETHEUS_REMOTE_WRITE_URL: `${closed}/api/v1/write`,
      BILAN_TEMPO_OTLP_TRACES_URL: `${closed}/v1/traces`,
      BILAN_LOKI_OTLP_LOGS_URL: `${closed}/otlp/v1/logs`,
    },
  });
});
afterAll(async () => {
  await collector?.stop();
});

describe('otelcol-config.auth.yaml (bearer token on ingest)', () => {
  const body = otlpLogsRequest('auth-app', [{ eventName: 'bilan.custom', attributes: {} }]);

  it('refuses a request without the token or with a wrong one', async () => {
    expect((await postLogs(collector.otlpHttpUrl, body)).status).toBe(401);
    expect((await postLogs(collector.otlpHttpUrl, body, { Authorization: 'Bearer wrong' })).status).toBe(401);
  });

  it('accepts a request with the token', async () => {
    expect((await postLogs(collector.otlpHttpUrl, body, { Authorization: `Bearer ${TOKEN}` })).status).toBe(200);
  });

  it('still answers the browser preflight, allowing the Authorization header', async () => {
    const res = await fetch(`${collector.otlpHttpUrl}/v1/logs`, {
      method: 'OPTIONS',
      headers: {
        Origin: ORIGIN,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization,content-type',
      },
    });
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
  });
});
