// "Collector down with the SDK voting": both entries vote at a steady rate against the real otelcol-bilan,
// the Collector is stopped for a while and started again on the same port, and every vote is then counted
// in the real Prometheus with the contract's counting query. Shared by the fault test and the bench.
import { COLLECTOR_METRIC, EVENT, RESOURCE_ATTR_SERVICE_NAME, SERIES, sumCountOverRange } from '@bilan/contract';
import {
  collectorEnvFor,
  queryPrometheus,
  type RunningCollector,
  type RunningPipeline,
  sinkLogRecords,
  startCollector,
  startPipeline,
  waitFor,
} from '@bilan/stack';
import { initBilan as initNodeBilan } from '../src/node/index';
import { initBilan as initWebBilan } from '../src/web/index';

export interface OutagePlan {
  votesPerSecond: number;
  /** Voting with the Collector up, before it stops. */
  upBeforeMs: number;
  downMs: number;
  /** Voting with the Collector back, before the app stops voting and waits. */
  upAfterMs: number;
  /** Longest wait for every vote to be counted once voting stops. */
  recoveryTimeoutMs?: number;
}

/** What one entry sent and where it ended up. */
export interface OutageSummary {
  entry: 'node' | 'web';
  /** Votes the app cast. */
  sent: number;
  /** Votes counted in Prometheus with the contract's counting query. */
  delivered: number;
  /** Votes the Loki stand-in received. */
  atLoki: number;
  /** sent − delivered. */
  lost: number;
  /** Events the SDK reported lost through onError. */
  reportedLost: number;
  /** Seconds from the Collector's restart until Prometheus counted every vote. */
  recoverySeconds: number;
}

export interface OutageResult {
  entries: OutageSummary[];
  /** Log records the Collector answered 2xx for, both runs and both entries together (read just before its stop and at the end). */
  accepted: number;
  /** Heap growth of this process (both entries) from the Collector's stop to its restart, in MiB. */
  heapGrowthMiB: number;
}

/** One line per entry, then the Collector's: what the fault test and the bench print. */
export function summaryLines(plan: OutagePlan, result: OutageResult): string[] {
  const lines = result.entries.map(
    ({ entry, sent, delivered, atLoki, lost, reportedLost, recoverySeconds }) =>
      `collector down ${plan.downMs / 1000} s, ${entry} entry at ${plan.votesPerSecond} votes/s: sent ${sent}, ` +
      `delivered ${delivered} (Prometheus, counted), ${atLoki} (Loki stand-in), lost ${lost}, reported lost ` +
      `${reportedLost}; all counted ${recoverySeconds.toFixed(1)} s after the restart`,
  );
  const sent = result.entries.reduce((sum, e) => sum + e.sent, 0);
  lines.push(
    `collector down ${plan.downMs / 1000} s: accepted ${result.accepted} log records (2xx) of ${sent} votes sent; ` +
      `heap of the voting process ${result.heapGrowthMiB >= 0 ? '+' : ''}${result.heapGrowthMiB.toFixed(2)} MiB over the outage` +
      ('gc' in globalThis ? ' (after a full GC)' : ' (no --expose-gc: within GC noise)'),
  );
  return lines;
}

const SERVICE = { node: 'outage-node', web: 'outage-web' } as const;
const TURN = { turnId: 'outage-turn', feature: 'outage', model: 'm', promptVersion: 'v1' };

/** Log records this Collector run's OTLP receiver accepted. */
async function accepted(collector: RunningCollector): Promise<number> {
  const text = await (await fetch(collector.metricsUrl)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${COLLECTOR_METRIC.receiverAcceptedLogRecords}{`))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}

function heapUsed(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs the plan against a fresh pipeline; stops everything it started. */
export async function runCollectorOutage(plan: OutagePlan): Promise<OutageResult> {
  const pipeline: RunningPipeline = await startPipeline();
  let collector = pipeline.collector;
  const lostReported = { node: 0, web: 0 };
  const onError = (entry: 'node' | 'web') => (error: Error) => {
    lostReported[entry] += Number(/^(\d+)/.exec(error.message)?.[1] ?? 0);
  };
  const node = initNodeBilan({
    endpoint: collector.otlpHttpUrl,
    serviceName: SERVICE.node,
    onError: onError('node'),
  });
  const web = initWebBilan({ endpoint: collector.otlpHttpUrl, serviceName: SERVICE.web, onError: onError('web') });
  const sent = { node: 0, web: 0 };
  const voting = setInterval(() => {
    node.vote(TURN, 1);
    web.vote(TURN, 1);
    sent.node++;
    sent.web++;
  }, 1000 / plan.votesPerSecond);
  let restartedAt = 0;
  let heapGrowthMiB = 0;
  let acceptedBefore = 0;
  try {
    await sleep(plan.upBeforeMs);
    acceptedBefore = await accepted(collector);
    await collector.stop();
    const heapAtStop = heapUsed();
    await sleep(plan.downMs);
    heapGrowthMiB = (heapUsed() - heapAtStop) / 2 ** 20;
    // Same OTLP port (the apps' endpoint), telemetry port and queue folder: the same Collector, restarted.
    collector = await startCollector({
      dataDir: collector.dataDir,
      telemetryPort: Number(new URL(collector.metricsUrl).port),
      env: {
        ...collectorEnvFor(pipeline.prometheus, pipeline.sink.url, {}),
        BILAN_OTLP_HTTP_ENDPOINT: new URL(collector.otlpHttpUrl).host,
      },
    });
    restartedAt = Date.now();
    await sleep(plan.upAfterMs);
    clearInterval(voting);

    const counted = async (entry: 'node' | 'web') => {
      const query = sumCountOverRange(`${SERIES.votes.name}{service_name="${SERVICE[entry]}"}`, '1h');
      const [sample] = await queryPrometheus(pipeline.prometheus.url, query);
      return Number(sample?.value[1] ?? 0);
    };
    const recovery = { node: 0, web: 0 };
    await waitFor(
      async () => {
        for (const entry of ['node', 'web'] as const)
          if (!recovery[entry] && (await counted(entry)) >= sent[entry])
            recovery[entry] = (Date.now() - restartedAt) / 1000;
        return recovery.node > 0 && recovery.web > 0;
      },
      { timeoutMs: plan.recoveryTimeoutMs ?? 60_000, intervalMs: 500, what: 'every vote to be counted' },
    ).catch(() => undefined); // what is missing shows in the summary as lost
    const atLoki = (service: string) =>
      sinkLogRecords(pipeline.sink.received).filter(
        ({ resource, record }) =>
          record.eventName === EVENT.evaluationResult &&
          resource.some((kv) => kv.key === RESOURCE_ATTR_SERVICE_NAME && kv.value.stringValue === service),
      ).length;
    await waitFor(() => atLoki(SERVICE.node) >= sent.node && atLoki(SERVICE.web) >= sent.web, {
      timeoutMs: 15_000,
      what: 'every vote at the Loki stand-in',
    }).catch(() => undefined);
    await Promise.all([node.shutdown(), web.shutdown()]);
    const acceptedTotal = acceptedBefore + (await accepted(collector));
    const entries: OutageSummary[] = [];
    for (const entry of ['node', 'web'] as const) {
      const delivered = await counted(entry);
      entries.push({
        entry,
        sent: sent[entry],
        delivered,
        atLoki: atLoki(SERVICE[entry]),
        lost: sent[entry] - delivered,
        reportedLost: lostReported[entry],
        recoverySeconds: recovery[entry] || Number.NaN,
      });
    }
    return { entries, accepted: acceptedTotal, heapGrowthMiB };
  } finally {
    clearInterval(voting);
    await collector.stop().catch(() => undefined);
    await pipeline.stop();
  }
}
