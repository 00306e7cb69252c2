import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { COLLECTOR_METRIC, SERIES, type SeriesKey } from '@bilan/contract';
import {
  COLLECTOR_CONFIG,
  collectorEnvFor,
  type ExpectedWorkload,
  ingestCounter,
  labelKey,
  queryPrometheus,
  type RunningCollector,
  type RunningOtlpSink,
  type RunningPrometheus,
  sendReferenceWorkload,
  startCollector,
  startOtlpSink,
  startPrometheus,
  storedTotal,
  waitFor,
} from '@bilan/stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedValues } from '../test/series-assertions';

const AGENT = fileURLToPath(new URL('./agent-config.yaml', import.meta.url));
const GATEWAY = fileURLToPath(new URL('./gateway-config.yaml', import.meta.url));
const SERVICE = 'bilan-gateway-topology';
const GATEWAY_IDS = ['gateway-a', 'gateway-b'];

/** Label set → value of one contract series for the test's service, summed over the gateways. */
async function readSeriesOverGateways(prometheusUrl: string, key: SeriesKey): Promise<Map<string, number>> {
  const labels = SERIES[key].labels.join(', ');
  const result = await queryPrometheus(
    prometheusUrl,
    `sum by (${labels}) (${storedTotal(key, `service_name="${SERVICE}"`)})`,
  );
  return new Map(result.map((s) => [labelKey(s.metric), Number(s.value[1])]));
}

describe('agent → load_balancing by trace id → two gateways → Prometheus, for real', () => {
  let prometheus: RunningPrometheus;
  let sink: RunningOtlpSink;
  const gateways: RunningCollector[] = [];
  let agent: RunningCollector;
  let expected: ExpectedWorkload;

  beforeAll(async () => {
    prometheus = await startPrometheus({});
    sink = await startOtlpSink();
    const env = collectorEnvFor(prometheus, sink.url, {});
    for (const id of GATEWAY_IDS) {
      gateways.push(
        await startCollector({ configFiles: [COLLECTOR_CONFIG, GATEWAY], env: { ...env, BILAN_GATEWAY_ID: id } }),
      );
    }
    agent = await startCollector({
      configFiles: [AGENT],
      env: {
        BILAN_GATEWAY_HOSTNAMES: `[${gateways.map((g) => g.otlpGrpcEndpoint).join(', ')}]`,
        BILAN_GATEWAY_TLS_INSECURE: 'true',
      },
    });
    expected = await sendReferenceWorkload(agent.otlpHttpUrl, SERVICE);
  }, 120_000);

  afterAll(async () => {
    await agent?.stop();
    await Promise.allSettled(gateways.map((g) => g.stop()));
    await sink?.stop();
    await prometheus?.stop();
  });

  it('gives every contract series, summed over the gateways, exactly the workload’s counts', async () => {
    const keys = Object.keys(expected) as SeriesKey[];
    expect(keys.length).toBeGreaterThanOrEqual(8);
    const want = Object.fromEntries(keys.map((key) => [SERIES[key].name, expectedValues(expected, key)]));
    const readAll = async () =>
      Object.fromEntries(
        await Promise.all(
          keys.map(async (key) => [SERIES[key].name, await readSeriesOverGateways(prometheus.url, key)]),
        ),
      );
    const got = await waitFor(
      async () => {
        const all = await readAll();
        return isDeepStrictEqual(all, want) ? all : undefined;
      },
      { timeoutMs: 45_000, what: 'every contract series to match the workload' },
    ).catch(readAll);
    expect(got).toEqual(want);
  }, 90_000);

  it('spreads the work over both gateways, each writing its own series under its gateway label', async () => {
    const perGateway = await queryPrometheus(
      prometheus.url,
      `sum by (gateway) (${storedTotal('votes', `service_name="${SERVICE}"`)})`,
    );
    expect(perGateway.map((s) => s.metric.gateway).sort()).toEqual(GATEWAY_IDS);
    for (const gateway of gateways) {
      expect(await ingestCounter(gateway.metricsUrl, COLLECTOR_METRIC.receiverAcceptedSpans)).toBeGreaterThan(0);
      expect(await ingestCounter(gateway.metricsUrl, COLLECTOR_METRIC.receiverAcceptedLogRecords)).toBeGreaterThan(0);
    }
  });

  it('hands each span to exactly one gateway', async () => {
    const accepted = (c: RunningCollector) => ingestCounter(c.metricsUrl, COLLECTOR_METRIC.receiverAcceptedSpans);
    const atAgent = await accepted(agent);
    const atGateways = (await Promise.all(gateways.map(accepted))).reduce((a, b) => a + b, 0);
    expect(atAgent).toBeGreaterThan(0);
    expect(atGateways).toBe(atAgent);
  });
});
