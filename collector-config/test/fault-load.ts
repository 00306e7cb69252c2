import { randomBytes } from 'node:crypto';
import { ATTR, COLLECTOR_METRIC, EVALUATION_NAME, EVENT, LABEL, SERIES, sumCountOverRange } from '@bilan/contract';
import {
  attributeValue,
  collectorCounter,
  queryValuesBy,
  type RunningOtlpSink,
  sinkLogRecords,
  sinkSpans,
  waitFor,
} from '@bilan/stack';
import { otlpLogsRequest } from './otlp-json';

/**
 * Steady load for the fault tests: every tick posts one OTLP/JSON logs request of votes and one
 * traces request of turn spans. Each request has a feature of its own, so Prometheus's count per
 * feature says exactly which requests were counted, once, twice or not at all; each record has a
 * turn id of its own, so the Tempo and Loki stand-in say which records arrived.
 */

/** What the Collector answered one request; `unanswered` when the connection failed. */
type Outcome = number | 'unanswered';

interface SentRequest {
  signal: 'logs' | 'traces';
  /** The request's feature label: its key in Prometheus. */
  feature: string;
  /** Turn ids of its records: their keys at the Tempo and Loki stand-in. */
  turnIds: string[];
  outcome: Outcome;
}

interface LoadOptions {
  /** Requests per second, per signal. */
  ratePerSecond: number;
  /** Records per request. */
  recordsPerRequest: number;
  /** Service name of every request: the test's own series. */
  service: string;
}

interface RunningLoad {
  /** Stops sending and waits for every request's answer. */
  stop(): Promise<SentRequest[]>;
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/** An OTLP/JSON traces request of GenAI client spans (turns), one per turn id. */
function otlpTurnsRequest(service: string, feature: string, turnIds: string[]): string {
  const end = Date.now() * 1e6;
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
        scopeSpans: [
          {
            spans: turnIds.map((turnId) => ({
              traceId: hex(16),
              spanId: hex(8),
              name: 'chat m',
              kind: 3,
              startTimeUnixNano: String(end - 250e6),
              endTimeUnixNano: String(end),
              attributes: [
                { key: ATTR.operationName, value: { stringValue: 'chat' } },
                { key: ATTR.requestModel, value: { stringValue: 'm' } },
                { key: ATTR.feature, value: { stringValue: feature } },
                { key: ATTR.turnId, value: { stringValue: turnId } },
              ],
            })),
          },
        ],
      },
    ],
  });
}

function votesRequest(service: string, feature: string, turnIds: string[]): string {
  return otlpLogsRequest(
    service,
    turnIds.map((turnId) => ({
      eventName: EVENT.evaluationResult,
      attributes: {
        [ATTR.evaluationName]: EVALUATION_NAME.userFeedback,
        [ATTR.evaluationScoreLabel]: 'positive',
        [ATTR.feature]: feature,
        [ATTR.turnId]: turnId,
      },
    })),
  );
}

/**
 * Posts to `target()` (read at every tick, so a restarted Collector on the same address keeps
 * receiving) until stopped. Requests whose connection fails count as unanswered, never retried:
 * the test wants the Collector's own guarantee, not a client's.
 */
function startLoad(target: () => string, options: LoadOptions): RunningLoad {
  const sent: Promise<SentRequest>[] = [];
  let tick = 0;
  const post = async (signal: SentRequest['signal'], feature: string, body: string, turnIds: string[]) => {
    const outcome = await fetch(`${target()}/v1/${signal}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      signal: AbortSignal.timeout(20_000),
    }).then(
      async (res) => {
        await res.arrayBuffer();
        return res.status;
      },
      () => 'unanswered' as const,
    );
    return { signal, feature, turnIds, outcome };
  };
  const timer = setInterval(() => {
    tick++;
    for (const signal of ['logs', 'traces'] as const) {
      const feature = `${signal}-${tick}`;
      const turnIds = Array.from({ length: options.recordsPerRequest }, (_, i) => `${feature}-${i}`);
      const body =
        signal === 'logs'
          ? votesRequest(options.service, feature, turnIds)
          : otlpTurnsRequest(options.service, feature, turnIds);
      sent.push(post(signal, feature, body, turnIds));
    }
  }, 1000 / options.ratePerSecond);
  return {
    async stop() {
      clearInterval(timer);
      return Promise.all(sent);
    },
  };
}

/** Delivery figures of one signal, in records. */
export interface SignalFigures {
  sent: number;
  /** In requests the Collector answered 2xx. */
  accepted: number;
  /** Accepted records found at the Tempo or Loki stand-in (each once however often it came). */
  deliveredToBackend: number;
  /** Accepted records counted in Prometheus. */
  countedInPrometheus: number;
  /** Accepted records missing at the stand-in. */
  lostAtBackend: number;
  /** Accepted records missing from Prometheus's counts. */
  lostInPrometheus: number;
  /** Records counted in Prometheus more than once. */
  countedTwice: number;
  /** Records of requests without a 2xx answer that were delivered and counted all the same. */
  unansweredButCounted: number;
  /** Records the stand-in received more than once (at-least-once delivery; Loki and Tempo keep one). */
  backendDuplicates: number;
}

const isAccepted = (outcome: Outcome) => typeof outcome === 'number' && outcome >= 200 && outcome < 300;

/** Compares what was sent with what the stand-in holds and what Prometheus counts, per record. */
function deliveryFigures(
  requests: SentRequest[],
  signal: SentRequest['signal'],
  atBackend: Map<string, number>,
  counts: Record<string, number>,
): SignalFigures {
  const figures: SignalFigures = {
    sent: 0,
    accepted: 0,
    deliveredToBackend: 0,
    countedInPrometheus: 0,
    lostAtBackend: 0,
    lostInPrometheus: 0,
    countedTwice: 0,
    unansweredButCounted: 0,
    backendDuplicates: 0,
  };
  for (const request of requests.filter((r) => r.signal === signal)) {
    const size = request.turnIds.length;
    const counted = counts[request.feature] ?? 0;
    figures.sent += size;
    figures.countedTwice += Math.max(0, counted - size);
    figures.backendDuplicates += request.turnIds.reduce((n, id) => n + Math.max(0, (atBackend.get(id) ?? 0) - 1), 0);
    if (!isAccepted(request.outcome)) {
      figures.unansweredButCounted += Math.min(counted, size);
      continue;
    }
    const arrived = request.turnIds.filter((id) => atBackend.has(id)).length;
    figures.accepted += size;
    figures.deliveredToBackend += arrived;
    figures.countedInPrometheus += Math.min(counted, size);
    figures.lostAtBackend += size - arrived;
    figures.lostInPrometheus += size - Math.min(counted, size);
  }
  return figures;
}

/** How often each turn id reached the stand-in, per signal. */
function turnIdsAtSink(sink: RunningOtlpSink): Record<SentRequest['signal'], Map<string, number>> {
  const tally = (ids: unknown[]) => {
    const seen = new Map<string, number>();
    for (const id of ids) if (typeof id === 'string') seen.set(id, (seen.get(id) ?? 0) + 1);
    return seen;
  };
  return {
    logs: tally(sinkLogRecords(sink.received).map(({ record }) => attributeValue(record.attributes, ATTR.turnId))),
    traces: tally(sinkSpans(sink.received).map((span) => attributeValue(span.attributes, ATTR.turnId))),
  };
}

/** Prometheus's exact count per feature (votes for the logs, turns for the traces) of the service. */
async function countsByFeature(
  prometheusUrl: string,
  service: string,
): Promise<Record<SentRequest['signal'], Record<string, number>>> {
  const count = (name: string) =>
    queryValuesBy(
      prometheusUrl,
      sumCountOverRange(`${name}{${LABEL.serviceName}="${service}"}`, '1h', [LABEL.feature]),
      LABEL.feature,
    );
  return { logs: await count(SERIES.votes.name), traces: await count(SERIES.turns.name) };
}

/** Where a fault test's records end up, and the Collectors whose queues must drain. */
interface FaultBackends {
  prometheusUrl(): string;
  tempo: RunningOtlpSink;
  loki: RunningOtlpSink;
  /** Internal-metrics URLs of every Collector on the path. */
  collectorMetricsUrls(): string[];
}

export interface FaultReport {
  votes: SignalFigures;
  turns: SignalFigures;
}

async function readFigures(backends: FaultBackends, service: string, requests: SentRequest[]): Promise<FaultReport> {
  const counts = await countsByFeature(backends.prometheusUrl(), service);
  return {
    votes: deliveryFigures(requests, 'logs', turnIdsAtSink(backends.loki).logs, counts.logs),
    turns: deliveryFigures(requests, 'traces', turnIdsAtSink(backends.tempo).traces, counts.traces),
  };
}

const complete = (r: FaultReport) => [r.votes, r.turns].every((f) => f.lostAtBackend === 0 && f.lostInPrometheus === 0);

async function queuesEmpty(backends: FaultBackends): Promise<boolean> {
  const sizes = await Promise.all(
    backends.collectorMetricsUrls().map((url) => collectorCounter(url, COLLECTOR_METRIC.exporterQueueSize)),
  );
  return sizes.every((size) => size === 0);
}

/**
 * Waits until every accepted record arrived and was counted and the Collectors' queues are empty,
 * then reads the figures once more a second later (a late resend would show as counted twice).
 * Gives up after `timeoutMs` and reads what is there, so a loss shows as figures, not a timeout.
 */
export async function settle(
  backends: FaultBackends,
  service: string,
  requests: SentRequest[],
  timeoutMs = 45_000,
): Promise<FaultReport> {
  await waitFor(async () => complete(await readFigures(backends, service, requests)) && (await queuesEmpty(backends)), {
    timeoutMs,
    intervalMs: 500,
    what: 'every accepted record delivered and counted',
  }).catch(() => undefined);
  await new Promise((r) => setTimeout(r, 1_000));
  return readFigures(backends, service, requests);
}

/** One line per signal: sent, accepted, delivered per back end, lost, counted twice. */
export function describeFigures(fault: string, figures: FaultReport): string {
  const line = (name: string, f: SignalFigures, backend: string) =>
    `${name}: sent ${f.sent}, accepted ${f.accepted}, at ${backend} ${f.deliveredToBackend} (${f.backendDuplicates} duplicates), ` +
    `counted ${f.countedInPrometheus}, lost ${f.lostAtBackend} at ${backend} / ${f.lostInPrometheus} in Prometheus, ` +
    `counted twice ${f.countedTwice}, unanswered but counted ${f.unansweredButCounted}`;
  return `${fault}\n  ${line('votes', figures.votes, 'Loki')}\n  ${line('turns', figures.turns, 'Tempo')}`;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Runs `load` for `seconds`, calls `fault` after `faultAfterSeconds`, and returns every request. */
export async function loadWithFault(
  target: () => string,
  options: LoadOptions,
  seconds: number,
  faultAfterSeconds: number,
  fault: () => Promise<void>,
): Promise<SentRequest[]> {
  const load = startLoad(target, options);
  const started = Date.now();
  await sleep(faultAfterSeconds * 1000);
  await fault();
  await sleep(Math.max(0, seconds * 1000 - (Date.now() - started)));
  return load.stop();
}
