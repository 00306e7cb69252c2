// "Collector down with the SDK voting": both entries vote at a steady rate against the real otelcol-bilan,
// the Collector is stopped for a while and started again on the same port, and every vote is then counted
// in the real Prometheus with the contract's counting query. Shared by the fault test and the bench.
import { COLLECTOR_METRIC, EVENT, RESOURCE_ATTR_SERVICE_NAME, SERIES, sumCountOverRange } from '@bilan/contract';
import {
  collectorEnvFor,
  ingestCounter,
  queryPrometheus,
  type RunningCollector,
  type RunningPipeline,
  sinkLogRecords,
  startCollector,
  startPipeline,
  waitFor,
} from '@bilan/stack';
import { sleep } from '../src/backoff';
import { initBilan as initNodeBilan } from '../src/node/index';
import { initBilan as initWebBilan } from '../src/web/index';

/** One app voting: which entry, and its queue bound (the entry's default when absent). */
export interface Voter {
  entry: 'node' | 'web';
  maxQueue?: number;
}

export interface OutagePlan {
  voters: Voter[];
  /** Votes per second of each voter. */
  votesPerSecond: number;
  /** Voting with the Collector up, before it stops. */
  upBeforeMs: number;
  downMs: number;
  /** Voting with the Collector back, before the app stops voting and waits. */
  upAfterMs: number;
  /** Longest wait for every vote to be counted once voting stops. */
  recoveryTimeoutMs?: number;
}

/** What one voter sent and where it ended up. */
interface OutageSummary extends Voter {
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
  /** Drops the SDK told the Collector about: `bilan_sdk_dropped_events_total`, counted in Prometheus. */
  droppedCounted: number;
  /** Seconds from the Collector's restart until Prometheus counted every vote. */
  recoverySeconds: number;
}

interface OutageResult {
  entries: OutageSummary[];
  /** Log records the Collector answered 2xx for, both runs and both entries together (read just before its stop and at the end). */
  accepted: number;
  /** Log records the Loki stand-in received, votes and dropped counts of every voter. */
  atLoki: number;
  /** Heap growth of this process (both entries) from the Collector's stop to its restart, in MiB. */
  heapGrowthMiB: number;
}

/** One line per entry, then the Collector's: what the fault test and the bench print. */
export function summaryLines(plan: OutagePlan, result: OutageResult): string[] {
  const lines = result.entries.map(
    ({ entry, maxQueue, sent, delivered, atLoki, lost, reportedLost, droppedCounted, recoverySeconds }) =>
      `collector down ${plan.downMs / 1000} s, ${entry} entry (queue ${maxQueue ?? 'default'}) at ${plan.votesPerSecond} votes/s: ` +
      `sent ${sent}, delivered ${delivered} (Prometheus, counted), ${atLoki} (Loki stand-in), lost ${lost}, reported lost ` +
      `${reportedLost} (counted in Prometheus: ${droppedCounted}); delivered ${recoverySeconds.toFixed(1)} s after the restart`,
  );
  const sent = result.entries.reduce((sum, e) => sum + e.sent, 0);
  lines.push(
    `collector down ${plan.downMs / 1000} s: ${sent} votes sent, ${result.accepted} log records accepted (2xx), ` +
      `${result.atLoki} at the Loki stand-in; ` +
      `heap of the voting process ${result.heapGrowthMiB >= 0 ? '+' : ''}${result.heapGrowthMiB.toFixed(2)} MiB over the outage` +
      ('gc' in globalThis ? ' (after a full GC)' : ' (no --expose-gc: within GC noise)'),
  );
  return lines;
}

const TURN = { turnId: 'outage-turn', feature: 'outage', model: 'm', promptVersion: 'v1' };

/** Log records this Collector run's OTLP receiver accepted. */
function accepted(collector: RunningCollector): Promise<number> {
  return ingestCounter(collector.metricsUrl, COLLECTOR_METRIC.receiverAcceptedLogRecords);
}

function heapUsed(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}

/** Runs the plan against a fresh pipeline; stops everything it started. */
export async function runCollectorOutage(plan: OutagePlan): Promise<OutageResult> {
  const pipeline: RunningPipeline = await startPipeline();
  let collector = pipeline.collector;
  const apps = plan.voters.map((voter, i) => {
    const app = { ...voter, service: `outage-${i}-${voter.entry}`, sent: 0, reportedLost: 0, recoverySeconds: 0 };
    const options = {
      endpoint: collector.otlpHttpUrl,
      serviceName: app.service,
      batch: { maxQueue: voter.maxQueue },
      // Every loss message starts with its count.
      onError: (error: Error) => (app.reportedLost += Number(/^(\d+)/.exec(error.message)?.[1] ?? 0)),
    };
    return Object.assign(app, { bilan: voter.entry === 'node' ? initNodeBilan(options) : initWebBilan(options) });
  });
  const voting = setInterval(() => {
    for (const app of apps) {
      app.bilan.vote(TURN, 1);
      app.sent++;
    }
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

    const counted = async (series: string, service: string) => {
      const query = sumCountOverRange(`${series}{service_name="${service}"}`, '1h');
      const [sample] = await queryPrometheus(pipeline.prometheus.url, query);
      return Number(sample?.value[1] ?? 0);
    };
    // Delivered: every vote counted, or (past the bound) every vote not reported lost.
    await waitFor(
      async () => {
        for (const app of apps)
          if (!app.recoverySeconds && (await counted(SERIES.votes.name, app.service)) >= app.sent - app.reportedLost)
            app.recoverySeconds = (Date.now() - restartedAt) / 1000;
        return apps.every((app) => app.recoverySeconds > 0);
      },
      { timeoutMs: plan.recoveryTimeoutMs ?? 60_000, intervalMs: 500, what: 'every vote to be counted' },
    ).catch(() => undefined); // what is missing shows in the summary as lost
    const atLoki = (service: string) =>
      sinkLogRecords(pipeline.sink.received).filter(
        ({ resource, record }) =>
          record.eventName === EVENT.evaluationResult &&
          resource.some((kv) => kv.key === RESOURCE_ATTR_SERVICE_NAME && kv.value.stringValue === service),
      ).length;
    await waitFor(() => apps.every((app) => atLoki(app.service) >= app.sent - app.reportedLost), {
      timeoutMs: 15_000,
      what: 'every vote at the Loki stand-in',
    }).catch(() => undefined);
    await Promise.all(apps.map((app) => app.bilan.shutdown()));
    const acceptedTotal = acceptedBefore + (await accepted(collector));
    // The dropped counts leave with the first export after the drops, and are counted like votes.
    const droppedCounted = (service: string) => counted(SERIES.sdkDropped.name, service);
    await waitFor(
      async () => {
        for (const app of apps) if ((await droppedCounted(app.service)) < app.reportedLost) return false;
        return true;
      },
      { timeoutMs: 15_000, what: 'the dropped counts in Prometheus' },
    ).catch(() => undefined);
    const entries: OutageSummary[] = [];
    for (const { bilan: _, service, recoverySeconds, ...app } of apps) {
      const delivered = await counted(SERIES.votes.name, service);
      entries.push({
        ...app,
        delivered,
        atLoki: atLoki(service),
        lost: app.sent - delivered,
        droppedCounted: await droppedCounted(service),
        recoverySeconds: recoverySeconds || Number.NaN,
      });
    }
    return { entries, accepted: acceptedTotal, atLoki: sinkLogRecords(pipeline.sink.received).length, heapGrowthMiB };
  } finally {
    clearInterval(voting);
    await collector.stop().catch(() => undefined);
    await pipeline.stop();
  }
}
