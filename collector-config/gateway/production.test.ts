import { fileURLToPath } from 'node:url';
import { EVENT } from '@bilan/contract';
import {
  attributeValue,
  COLLECTOR_CONFIG,
  freePort,
  type RunningCollector,
  type RunningOtlpSink,
  sinkLogRecords,
  startCollector,
  startOtlpSink,
  waitFor,
} from '@bilan/stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRODUCTION_OVERLAY } from '../src/paths';
import { otlpLogsRequest, postLogs } from '../test/otlp-json';

// The gateway topology in production: agents with agent-config.production.yaml take only apps with
// the token and pass the gateways' token on; gateways run the production overlay too. Real Collectors.
const AGENT = fileURLToPath(new URL('./agent-config.yaml', import.meta.url));
const AGENT_PRODUCTION = fileURLToPath(new URL('./agent-config.production.yaml', import.meta.url));
const GATEWAY = fileURLToPath(new URL('./gateway-config.yaml', import.meta.url));
const APP_TOKEN = 'app-token-51ac';
const GATEWAY_TOKEN = 'gateway-token-c03e';

let sink: RunningOtlpSink;
let gateway: RunningCollector;
const agents: Record<'production' | 'withoutToken', RunningCollector | undefined> = {
  production: undefined,
  withoutToken: undefined,
};

beforeAll(async () => {
  sink = await startOtlpSink();
  const closed = `http://127.0.0.1:${await freePort()}`; // no Prometheus: this file looks at the logs only
  gateway = await startCollector({
    configFiles: [COLLECTOR_CONFIG, GATEWAY, PRODUCTION_OVERLAY],
    env: {
      BILAN_GATEWAY_ID: 'gateway-1',
      BILAN_INGEST_TOKEN: GATEWAY_TOKEN,
      BILAN_OTLP_BROWSER_ENDPOINT: `127.0.0.1:${await freePort()}`,
      BILAN_PROMETHEUS_REMOTE_WRITE_URL: `${closed}/api/v1/write`,
      BILAN_TEMPO_OTLP_TRACES_URL: `${sink.url}/v1/traces`,
      BILAN_LOKI_OTLP_LOGS_URL: `${sink.url}/otlp/v1/logs`,
      BILAN_EXPORT_ENCODING: 'json', // what the sink reads
      BILAN_BATCH_TIMEOUT: '200ms',
    },
  });
  const toGateway = { BILAN_GATEWAY_HOSTNAMES: `[${gateway.otlpGrpcEndpoint}]`, BILAN_GATEWAY_TLS_INSECURE: 'true' };
  agents.production = await startCollector({
    configFiles: [AGENT, AGENT_PRODUCTION],
    env: { ...toGateway, BILAN_INGEST_TOKEN: APP_TOKEN, BILAN_GATEWAY_TOKEN: GATEWAY_TOKEN },
  });
  agents.withoutToken = await startCollector({ configFiles: [AGENT], env: toGateway });
}, 120_000);

afterAll(async () => {
  await Promise.allSettled(Object.values(agents).map((a) => a?.stop()));
  await gateway?.stop();
  await sink?.stop();
});

const delivered = (marker: string) =>
  sinkLogRecords(sink.received).filter(({ record }) => attributeValue(record.attributes, 'test.marker') === marker);
const event = (marker: string) =>
  otlpLogsRequest('gateway-app', [{ eventName: EVENT.custom, attributes: { 'test.marker': marker } }]);

describe('agents and gateways with their production overlays', () => {
  it('the agent refuses an app without the token', async () => {
    const url = String(agents.production?.otlpHttpUrl);
    expect((await postLogs(url, event('no-app-token'))).status).toBe(401);
    expect((await postLogs(url, event('wrong-app-token'), { Authorization: 'Bearer wrong' })).status).toBe(401);
  });

  it('the gateway refuses an agent without its token; with it, the event reaches the Loki exporter', async () => {
    // The open agent accepts (it is not the production one) and keeps retrying what the gateway refuses.
    expect((await postLogs(String(agents.withoutToken?.otlpHttpUrl), event('agent-without-token'))).status).toBe(200);
    const withToken = { Authorization: `Bearer ${APP_TOKEN}` };
    expect((await postLogs(String(agents.production?.otlpHttpUrl), event('through-gateway'), withToken)).status).toBe(
      200,
    );
    await waitFor(() => delivered('through-gateway').length === 1, {
      timeoutMs: 30_000,
      what: 'the event at the sink',
    });
    await waitFor(() => /Unauthenticated/.test(String(agents.withoutToken?.logTail())), {
      timeoutMs: 30_000,
      what: "the gateway's refusal in the open agent's log",
    });
    expect(delivered('agent-without-token')).toEqual([]);
    expect(delivered('no-app-token')).toEqual([]);
  });
});
