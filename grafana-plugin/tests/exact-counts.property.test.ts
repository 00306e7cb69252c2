/**
 * Exact counts as a property (fast-check): sparse workloads of turns (answered, failed,
 * regenerated), votes, conversations and journeys over random features, models, prompt
 * versions, ratings and outcomes, sent in bursts over time through the real SDK, the real
 * Collector (restarted between some bursts) and the real Prometheus 3, with the dashboards'
 * roll-ups (every 2 s, at the phase Prometheus picks) and the alerts' rules loaded. Every
 * instant count and ratio query of the app, the dashboards and the alert rules is then run
 * at instants and over ranges that do not line up with the roll-ups' windows:
 * - over a range holding the whole workload, ending at a random millisecond: on what the
 *   pipeline stored and on the ground truth computed from what was sent (written beside it
 *   as one sample per label set under a service of its own); the answers must be identical,
 *   label set for label set and value for value, and the trust and vote figures equal the
 *   truth as numbers;
 * - over random ranges that cut through the workload (random end and length, to the
 *   millisecond): as the app and the dashboards send them (raw edges around whole roll-up
 *   windows) and read from the raw counts alone (the same query with a margin as long as
 *   the range, so no roll-up is read); the answers must be identical.
 * Range queries (lines over time) and latency quantiles are not counts and are left out.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type AlertsConfig, defaultConfig } from '@bilan/alerts';
import { renderPrometheusRules } from '@bilan/alerts/src/render-prometheus';
import { LABEL, SERIES, type SeriesKey } from '@bilan/contract';
import { alertRuleChecks, dashboardChecks } from '@bilan/dashboards/src/promql-checks';
import { CLOCK_VARIABLES, clockVariableSpecs } from '@bilan/dashboards/src/queries/exact-count';
import { DAY_PHASE_SERIES, dashboardRuleGroups, ROLLUP_PHASE_SERIES } from '@bilan/dashboards/src/recording-rules';
import { rawOnlyClock, readRollupClock } from '@bilan/dashboards/src/rollup-clock';
import { renderRuleFile } from '@bilan/dashboards/src/rule-file';
import { durationSeconds, substituteTemplate } from '@bilan/dashboards/src/template';
import {
  collectorEnvFor,
  type ExpectedSeries,
  expectedSeries,
  freePort,
  type PromSample,
  queryPrometheus,
  type RunningCollector,
  type RunningOtlpSink,
  type RunningPrometheus,
  startCollector,
  startOtlpSink,
  startPrometheus,
  type WorkloadPlan,
  waitFor,
} from '@bilan/stack';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLUGIN_ROOT } from '../scripts/paths';
import { appPrometheusQueries } from '../src/services/app-queries';
import { buildTrustRatio, buildVotesByRating } from '../src/services/promql';

const FEATURES = ['alpha', 'beta', 'gamma'] as const;
const MODELS = ['m1', 'm2'] as const;
const PROMPTS = ['v1', 'v2'] as const;
const JOURNEYS = ['onboarding', 'checkout'] as const;
const STEPS = ['start', 'details', 'done'] as const;
const ENVIRONMENT = 'test';
const KINDS = ['positive', 'negative', 'turn', 'regenerated', 'failed'] as const;
/** Tokens every answered turn reports. */
const TOKENS = { input: 7, output: 3 } as const;

interface SentEvent {
  readonly feature: string;
  readonly model: string;
  readonly prompt: string;
  /** A turn rated positive or negative, a turn without a vote, one regenerated, or a failed one. */
  readonly kind: (typeof KINDS)[number];
}

interface SentConversation {
  readonly feature: string;
  /** How it ended, or `open` when it has not. */
  readonly outcome: 'completed' | 'abandoned' | 'escalated' | 'open';
}

interface SentJourney {
  readonly journey: string;
  /** How many of the steps the user reached, in order. */
  readonly steps: number;
  readonly outcome: 'completed' | 'abandoned' | 'open';
}

interface Burst {
  /** Stop the Collector and start a new one (its in-memory state is gone) before this burst. */
  readonly restartBefore: boolean;
  /** Pause before this burst, so bursts land in different flushes. */
  readonly pauseMs: number;
  readonly events: readonly SentEvent[];
  readonly conversations: readonly SentConversation[];
  readonly journeys: readonly SentJourney[];
}

const event = fc.record({
  feature: fc.constantFrom(...FEATURES),
  model: fc.constantFrom(...MODELS),
  prompt: fc.constantFrom(...PROMPTS),
  kind: fc.constantFrom(...KINDS),
});
const conversation = fc.record({
  feature: fc.constantFrom(...FEATURES),
  outcome: fc.constantFrom('completed' as const, 'abandoned' as const, 'escalated' as const, 'open' as const),
});
const journey = fc.record({
  journey: fc.constantFrom(...JOURNEYS),
  steps: fc.integer({ min: 1, max: STEPS.length }),
  outcome: fc.constantFrom('completed' as const, 'abandoned' as const, 'open' as const),
});
const burst = fc.record({
  restartBefore: fc.boolean(),
  pauseMs: fc.integer({ min: 0, max: 1200 }),
  events: fc.array(event, { minLength: 1, maxLength: 5 }),
  conversations: fc.array(conversation, { maxLength: 2 }),
  journeys: fc.array(journey, { maxLength: 2 }),
});
const bursts = fc.array(burst, { minLength: 1, maxLength: 3 });
/** A range cutting through the workload: where it ends (per mille of the way from the first send to the check) and its length. */
const cut = fc.record({
  endPerMille: fc.integer({ min: 0, max: 1000 }),
  lengthMs: fc.integer({ min: 300, max: 12_000 }),
});
const workload = fc.record({
  bursts,
  /** The whole-workload range ends this long before the moment of checking. */
  wholeEndBackMs: fc.integer({ min: 0, max: 1999 }),
  cuts: fc.array(cut, { minLength: 2, maxLength: 4 }),
});
type Workload = { bursts: Burst[]; wholeEndBackMs: number; cuts: { endPerMille: number; lengthMs: number }[] };

/** The issue's example: a feature with only negative votes, a single vote, a second batch later, a restart. */
const ISSUE_EXAMPLE: Burst[] = [
  {
    restartBefore: false,
    pauseMs: 0,
    events: [
      ...Array.from({ length: 4 }, () => ({ feature: 'alpha', model: 'm1', prompt: 'v1', kind: 'negative' as const })),
      { feature: 'beta', model: 'm2', prompt: 'v2', kind: 'positive' },
      ...(['positive', 'positive', 'positive', 'negative'] as const).map((kind) => ({
        feature: 'gamma',
        model: 'm1',
        prompt: 'v1',
        kind,
      })),
    ],
    conversations: [{ feature: 'gamma', outcome: 'abandoned' }],
    journeys: [{ journey: 'checkout', steps: 2, outcome: 'abandoned' }],
  },
  {
    restartBefore: true,
    pauseMs: 500,
    events: [
      { feature: 'gamma', model: 'm1', prompt: 'v1', kind: 'positive' },
      { feature: 'gamma', model: 'm2', prompt: 'v2', kind: 'positive' },
    ],
    conversations: [],
    journeys: [],
  },
];

const rated = (e: SentEvent) => e.kind === 'positive' || e.kind === 'negative';

/** One burst as a plan for the SDK: every event is a turn; the rated ones get a vote, the regenerated ones a regeneration. */
function planOf(service: string, b: Burst): WorkloadPlan {
  const conversations = b.conversations.map((c, i) => ({ ...c, conversationId: `conversation-${i}` }));
  return {
    serviceName: service,
    environment: ENVIRONMENT,
    turns: b.events.map((e, i) => ({
      feature: e.feature,
      model: e.model,
      promptVersion: e.prompt,
      conversationId: `turn-conversation-${i}`,
      ...(e.kind === 'failed' ? { errorType: 'timeout' as const } : {}),
      inputTokens: TOKENS.input,
      outputTokens: TOKENS.output,
      durationMs: 100,
    })),
    votes: b.events.flatMap((e, turn) =>
      rated(e) ? [{ turn, value: e.kind === 'positive' ? 1 : -1 }] : [],
    ) as WorkloadPlan['votes'],
    conversationFeedback: [],
    conversationsStarted: conversations.map(({ conversationId, feature }) => ({ conversationId, feature })),
    conversationsEnded: conversations.flatMap(({ conversationId, feature, outcome }) =>
      outcome === 'open' ? [] : [{ conversationId, feature, outcome }],
    ),
    journeySteps: b.journeys.flatMap((j) =>
      STEPS.slice(0, j.steps).map((step, index) => ({ journey: j.journey, step, index })),
    ),
    journeysEnded: b.journeys.flatMap((j) =>
      j.outcome === 'open' ? [] : [{ journey: j.journey, outcome: j.outcome }],
    ),
    regenerations: b.events.flatMap((e, turn) => (e.kind === 'regenerated' ? [{ turn }] : [])),
    pageLoadsSeconds: [],
    dropped: [],
  };
}

/**
 * What was sent, per count series and label set (the stack's `expectedSeries` of each burst's
 * plan, added up). Histograms (latency) are left out: they are not counts.
 */
function groundTruth(service: string, bursts: readonly Burst[]): Map<SeriesKey, ExpectedSeries> {
  const truth = new Map<SeriesKey, ExpectedSeries>();
  for (const b of bursts) {
    for (const [key, series] of Object.entries(expectedSeries(planOf(service, b), 'bilan')) as [
      SeriesKey,
      ExpectedSeries,
    ][]) {
      if (SERIES[key].type !== 'counter') continue;
      const sum = truth.get(key) ?? new Map();
      for (const [id, { labels, value }] of series) sum.set(id, { labels, value: (sum.get(id)?.value ?? 0) + value });
      truth.set(key, sum);
    }
  }
  return truth;
}

/** The truth as OTLP/JSON gauges, one data point per label set, all at `timeMs`. */
function truthAsOtlp(truth: Map<SeriesKey, ExpectedSeries>, timeMs: number): unknown {
  const timeUnixNano = `${timeMs}000000`;
  const metrics = [...truth].map(([key, series]) => ({
    name: SERIES[key].name,
    gauge: {
      dataPoints: [...series.values()].map(({ labels, value }) => ({
        timeUnixNano,
        asInt: String(value),
        attributes: Object.entries(labels).map(([k, v]) => ({ key: k, value: { stringValue: v } })),
      })),
    },
  }));
  return { resourceMetrics: [{ resource: { attributes: [] }, scopeMetrics: [{ metrics }] }] };
}

/** The alerts' rules evaluated every second, over windows that hold a whole run. */
const ALERTS: AlertsConfig = { ...defaultConfig, evaluationInterval: '1s', rateWindow: '5m', trustWindow: '10m' };
/** How often the roll-ups run here: each window holds a flush or two, so a workload spans several. */
const ROLLUP_INTERVAL = '2s';
/** Its "days" of 4 windows (8 s), so that counts over a workload read whole days too. */
const WINDOWS_PER_DAY = 4;
/** The app's instant queries that count events or divide counts: every one is checked. */
const APP_COUNTS = [
  'app / overview / Trust score',
  'app / overview / Trust change',
  'app / overview / Votes',
  'app / overview / Conversations',
  'app / overview / Turn success rate',
  'app / overview / Trust by feature',
  'app / overview / Journey completion',
  'app / turns / Regenerations',
  'app / journeys / Steps',
  'app / journeys / Ended',
  'app / compare / Votes by prompt_version',
  'app / compare / Votes by model',
];
/** How many of the dashboards' and of the alerts' queries count events or divide counts. */
const DASHBOARD_COUNTS = 19;
const ALERT_COUNTS = 10;
/** The whole-workload range (Grafana's `$__range`): longer than any run. */
const RANGE_USED = '1h';

let prometheus: RunningPrometheus;
let sink: RunningOtlpSink;
let collector: RunningCollector | undefined;
let telemetryPort: number;
/** Kept across restarts, as a deployment keeps the Collector's persistent queues. */
const collectorDataDir = mkdtempSync(join(tmpdir(), 'bilan-exact-counts-collector-'));
let alertRuleFile: string;
const ruleDir = mkdtempSync(join(tmpdir(), 'bilan-exact-counts-'));
let runs = 0;

async function startOurCollector(): Promise<RunningCollector> {
  return startCollector({ telemetryPort, dataDir: collectorDataDir, env: collectorEnvFor(prometheus, sink.url, {}) });
}

async function send(plan: WorkloadPlan, url: string): Promise<void> {
  const tsx = join(PLUGIN_ROOT, '..', 'node_modules', 'tsx', 'dist', 'cli.mjs');
  await promisify(execFile)(process.execPath, [
    tsx,
    join(PLUGIN_ROOT, 'tests/send-plan.ts'),
    url,
    JSON.stringify(plan),
  ]);
}

/** Samples of a service per label set (its service label dropped), value as Prometheus wrote it. */
function keyed(samples: PromSample[], service: string): Record<string, string> {
  return Object.fromEntries(
    samples
      .filter((s) => s.metric[LABEL.serviceName] === undefined || s.metric[LABEL.serviceName] === service)
      .map((s) => {
        const { [LABEL.serviceName]: _service, ...labels } = s.metric;
        return [JSON.stringify(Object.entries(labels).sort()), s.value[1]];
      }),
  );
}

/**
 * A query that counts contract events or divides such counts, as opposed to latency
 * (histograms), the age of the newest sample, or the Collector's own health.
 */
function countsEvents(expr: string): boolean {
  const counted = Object.values(SERIES).filter((s) => s.type === 'counter');
  const histograms = Object.values(SERIES).filter((s) => s.type === 'histogram');
  const names = (s: { name: string }) => [s.name, s.name.replace(/^bilan_/, 'bilan:').replace(/_total$/, '')];
  if (histograms.some((h) => names(h).some((n) => expr.includes(n))) || expr.includes('timestamp(')) return false;
  if (expr.includes(ROLLUP_PHASE_SERIES) || expr.includes(DAY_PHASE_SERIES)) return false;
  return counted.some((c) => names(c).some((n) => expr.includes(n))) || expr.includes('bilan:');
}

/** The picked range as Grafana interpolates it: its end (ms), its length, and the roll-ups' clock read at its end. */
interface Picked {
  readonly to: number;
  readonly range: string;
  readonly clock: Record<string, string>;
}

/** Every instant count and ratio query of the app and the dashboards, for one service, over `picked`. */
function panelQueries(service: string, picked: Picked): { where: string; expr: string }[] {
  const variables = { service, environment: '.*', feature: '.*', model: '.*', prompt_version: '.*', ...picked.clock };
  const values = { variables, range: picked.range, interval: '30s', to: picked.to };
  const app = appPrometheusQueries()
    .filter((q) => q.instant)
    .map((q) => ({ where: `app / ${q.where}`, expr: substituteTemplate(q.expr, values) }));
  const dashboards = dashboardChecks(picked.range, '1m', { service, ...picked.clock }, picked.to)
    .filter((c) => c.instant && !c.labelValues)
    .map((c) => ({ where: c.where, expr: c.expr }));
  return [...app, ...dashboards].filter((q) => countsEvents(q.expr));
}

async function pick(toMs: number, range: string): Promise<Picked> {
  return { to: toMs, range, clock: await readRollupClock(prometheus.url, toMs, ROLLUP_INTERVAL, WINDOWS_PER_DAY) };
}

/** The same range read from the raw counts alone (`rawOnlyClock`). */
function rawOnly(picked: Picked): Picked {
  return { ...picked, clock: rawOnlyClock(picked.clock, durationSeconds(picked.range)) };
}

/** Runs `queries` at `timeMs`, keyed per label set of `service`. */
async function answers(queries: { where: string; expr: string }[], timeMs: number, service: string) {
  return Promise.all(
    queries.map(async (q) => keyed(await queryPrometheus(prometheus.url, q.expr, timeMs / 1000), service)),
  );
}

/** Runs one workload and returns every disagreement (empty when the counts are exact). */
async function disagreements({ bursts, wholeEndBackMs, cuts }: Workload): Promise<string[]> {
  runs += 1;
  const firstSend = Date.now();
  // No long run of digits: the Collector masks values that look like a card number.
  const service = `exact-${runs}-${firstSend.toString(36)}`;
  const truthService = `${service}-truth`;
  for (const b of bursts) {
    if (b.restartBefore) {
      await collector?.stop();
      collector = await startOurCollector();
    }
    await new Promise((r) => setTimeout(r, b.pauseMs));
    await send(planOf(service, b), (collector as RunningCollector).otlpHttpUrl);
  }
  const events = bursts.flatMap((b) => b.events);
  const truth = groundTruth(truthService, bursts);
  const written = await fetch(`${(collector as RunningCollector).otlpHttpUrl}/v1/metrics`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(truthAsOtlp(truth, Date.now())),
  });
  if (!written.ok) throw new Error(`the truth was refused: ${written.status}`);
  // Until both services hold every sample (their counts of samples stop changing) and the rules ran since.
  const sampleCounts = async () => {
    const counts: string[] = [];
    for (const name of [...truth.keys()].map((key) => SERIES[key].name)) {
      const expr = `sum by (${LABEL.serviceName}) (count_over_time(${name}{${LABEL.serviceName}=~"${service}(-truth)?"}[${RANGE_USED}]))`;
      for (const s of await queryPrometheus(prometheus.url, expr))
        counts.push(`${name}/${s.metric[LABEL.serviceName]}=${s.value[1]}`);
    }
    return counts.sort().join(' ');
  };
  let last = '';
  await waitFor(
    async () => {
      const now = await sampleCounts();
      const settled = now === last && now.split(' ').length === 2 * truth.size;
      last = now;
      return settled;
    },
    { timeoutMs: 60_000, intervalMs: 1500, what: `the samples of ${service} and its truth` },
  );
  await new Promise((r) => setTimeout(r, 3000));
  const checkedAt = Date.now();

  const problems: string[] = [];
  const sorted = (answer: Record<string, string | number>) => JSON.stringify(Object.entries(answer).sort());
  const compare = (where: string, got: Record<string, string>, want: Record<string, string>, what: string) => {
    if (sorted(got) !== sorted(want)) {
      problems.push(`${where}: ${JSON.stringify(got)} ≠ ${what} ${JSON.stringify(want)}`);
    }
  };

  // The whole workload, against the truth: the same queries in the same order for both services.
  const whole = await pick(checkedAt - wholeEndBackMs, RANGE_USED);
  const queries = panelQueries(service, whole);
  const got = await answers(queries, whole.to, service);
  const want = await answers(panelQueries(truthService, whole), whole.to, truthService);
  for (const [i, q] of queries.entries()) compare(q.where, got[i] ?? {}, want[i] ?? {}, 'truth');
  for (const rule of alertRuleChecks(alertRuleFile).filter((c) => countsEvents(c.expr))) {
    const answer = await queryPrometheus(prometheus.url, rule.expr, whole.to / 1000);
    compare(rule.where, keyed(answer, service), keyed(answer, truthService), 'truth');
  }

  // Ranges cutting through the workload: as sent, and from the raw counts alone.
  for (const { endPerMille, lengthMs } of cuts) {
    const picked = await pick(Math.round(firstSend + ((checkedAt - firstSend) * endPerMille) / 1000), `${lengthMs}ms`);
    const cutQueries = panelQueries(service, picked);
    const sent = await answers(cutQueries, picked.to, service);
    const raw = await answers(panelQueries(service, rawOnly(picked)), picked.to, service);
    for (const [i, q] of cutQueries.entries())
      compare(`${q.where} over ${lengthMs} ms to ${picked.to}`, sent[i] ?? {}, raw[i] ?? {}, 'raw');
  }

  // The numbers a product manager reads, against the events sent.
  const variables = { service, environment: '.*', feature: '.*', model: '.*', prompt_version: '.*', ...whole.clock };
  const votes = events.filter(rated);
  const trust = Object.fromEntries(
    [...new Set(votes.map((v) => v.feature))].map((f) => {
      const of = votes.filter((v) => v.feature === f);
      return [f, of.filter((v) => v.kind === 'positive').length / of.length];
    }),
  );
  const read = async (expr: string, label: string) =>
    Object.fromEntries(
      (
        await queryPrometheus(
          prometheus.url,
          substituteTemplate(expr, { variables, range: RANGE_USED, interval: '30s', to: whole.to }),
          whole.to / 1000,
        )
      ).map((s) => [s.metric[label] ?? '', Number(s.value[1])]),
    );
  const gotTrust = await read(buildTrustRatio([LABEL.feature]), LABEL.feature);
  if (sorted(gotTrust) !== sorted(trust)) {
    problems.push(`trust by feature: read ${JSON.stringify(gotTrust)}, sent ${JSON.stringify(trust)}`);
  }
  const byRating = await read(buildVotesByRating([]), LABEL.rating);
  const sentByRating = Object.fromEntries(
    (['positive', 'negative'] as const).flatMap((r) => {
      const n = votes.filter((v) => v.kind === r).length;
      return n > 0 ? [[r, n]] : [];
    }),
  );
  if (sorted(byRating) !== sorted(sentByRating)) {
    problems.push(`votes by rating: read ${JSON.stringify(byRating)}, sent ${JSON.stringify(sentByRating)}`);
  }
  return problems;
}

beforeAll(async () => {
  const rollups = join(ruleDir, 'rollups.yml');
  writeFileSync(rollups, renderRuleFile(dashboardRuleGroups(ROLLUP_INTERVAL, WINDOWS_PER_DAY)));
  alertRuleFile = join(ruleDir, 'alerts.yml');
  writeFileSync(alertRuleFile, renderPrometheusRules(ALERTS));
  telemetryPort = await freePort();
  prometheus = await startPrometheus({ ruleFiles: [rollups, alertRuleFile], evaluationInterval: '1s' });
  sink = await startOtlpSink();
  collector = await startOurCollector();
}, 60_000);

afterAll(async () => {
  await collector?.stop();
  await sink?.stop();
  await prometheus?.stop();
  rmSync(ruleDir, { recursive: true, force: true });
  rmSync(collectorDataDir, { recursive: true, force: true });
});

describe('every count and ratio equals the truth, whatever the sparse workload', () => {
  it('checks every count and ratio the app, the dashboards and the alerts show', () => {
    // The test groups' constants; what Prometheus would answer for the phases and the lag does not change the list.
    const clock = Object.fromEntries(
      clockVariableSpecs(ROLLUP_INTERVAL, WINDOWS_PER_DAY).map((v) => [
        v.name,
        'seconds' in v ? String(v.seconds) : '0.5',
      ]),
    );
    const queries = panelQueries('any', { to: Date.now(), range: RANGE_USED, clock });
    expect(queries.filter((q) => q.where.startsWith('app /')).map((q) => q.where)).toEqual(APP_COUNTS);
    expect(queries.filter((q) => !q.where.startsWith('app /')).length).toBe(DASHBOARD_COUNTS);
    expect(alertRuleChecks(alertRuleFile).filter((c) => countsEvents(c.expr)).length).toBe(ALERT_COUNTS);
  });

  it('through the SDK, the Collector (restarted at random) and Prometheus 3', async () => {
    const issueExample: Workload = {
      bursts: ISSUE_EXAMPLE,
      wholeEndBackMs: 777,
      cuts: [
        { endPerMille: 500, lengthMs: 3333 },
        { endPerMille: 900, lengthMs: 7777 },
      ],
    };
    await fc.assert(
      fc.asyncProperty(workload, async (w) => {
        expect(await disagreements(w)).toEqual([]);
      }),
      { numRuns: 3, examples: [[issueExample]] },
    );
    // The daily roll-ups ran, so the whole-workload counts per feature above read whole days.
    const clock = await readRollupClock(prometheus.url, Date.now(), ROLLUP_INTERVAL, WINDOWS_PER_DAY);
    expect(Number(clock[CLOCK_VARIABLES.dayLag])).toBeLessThan(2);
  }, 900_000);
});
