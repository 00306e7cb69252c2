/**
 * Events of one label set from several OTLP resources (app instances, processes, browsers)
 * count once each. The counts stage empties the resource before remote write, so two resources
 * whose counts landed in one flush would write two samples of one series at one timestamp, and
 * Prometheus keeps one of them: 5 sent, 1 counted, without an error.
 */
import { EVENT, sumCountOverRange } from '@bilan/contract';
import { queryPrometheus, type RunningPipeline, startPipeline, waitFor } from '@bilan/stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { otlpLogsRequest, postLogs } from './otlp-json';

const SERVICE = 'many-instances';
let pipeline: RunningPipeline;

beforeAll(async () => {
  pipeline = await startPipeline();
});

afterAll(async () => {
  await pipeline?.stop();
});

/** One request holding `instances` resources of one service, each with `each` conversation starts. */
function requestFromInstances(instances: number, each: number, firstInstance: number): string {
  const requests = Array.from({ length: instances }, (_, i) =>
    JSON.parse(
      otlpLogsRequest(
        SERVICE,
        Array.from({ length: each }, () => ({ eventName: EVENT.conversationStart, attributes: {} })),
        { 'service.instance.id': `instance-${firstInstance + i}`, 'process.pid': 1000 + firstInstance + i },
      ),
    ),
  );
  return JSON.stringify({ resourceLogs: requests.flatMap((r) => r.resourceLogs) });
}

describe('counts from several resources of one service', () => {
  it('counts every event, whether the resources share a request or only a flush', async () => {
    // 5 resources in one request, then 3 requests from 3 more instances at once (one flush).
    const bodies = [requestFromInstances(5, 1, 0), ...[5, 6, 7].map((n) => requestFromInstances(1, 2, n))];
    const statuses = await Promise.all(bodies.map((body) => postLogs(pipeline.collector.otlpHttpUrl, body)));
    expect(statuses.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    const sent = 5 * 1 + 3 * 2;

    const counted = sumCountOverRange(`bilan_conversations_started_total{service_name="${SERVICE}"}`, '10m');
    let value = Number.NaN;
    await waitFor(
      async () => {
        value = Number((await queryPrometheus(pipeline.prometheus.url, counted))[0]?.value[1]);
        return value >= sent;
      },
      { timeoutMs: 30_000, intervalMs: 500, what: `${sent} conversation starts counted` },
    ).catch(() => undefined);
    // Settle: a late duplicate would show as a count above what was sent.
    await new Promise((r) => setTimeout(r, 2500));
    value = Number((await queryPrometheus(pipeline.prometheus.url, counted))[0]?.value[1]);
    expect(value).toBe(sent);
  });
});
