/**
 * Exact counts as a property (fast-check): sparse workloads of turns (answered, failed,
 * regenerated), votes, conversations and journeys over random features, models, prompt
 * versions, ratings and outcomes, sent in bursts over time through the real
 * SDK, the real Collector (restarted between some bursts) and the real Prometheus 3, with the
 * dashboards' roll-ups and the alerts' rules loaded. Then every instant count and ratio query
 * of the app, the dashboards and the alert rules is run twice: on what the pipeline stored,
 * and on the ground truth computed from what was sent, written beside it as one sample per
 * label set under a service of its own. The answers must be identical, label set for label
 * set and value for value; the trust and vote figures are also checked against the truth as
 * numbers. Range queries (lines over time) and latency quantiles are not counts and are left
 * out: they depend on when each sample landed.
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
import { dashboardRuleGroups } from '@bilan/dashboards/src/recording-rules';
import { renderRuleFile } from '@bilan/dashboards/src/rule-file';
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
import { buildTrustRatio, buildVotesByRating, RANGE } from '../src/services/promql';
import { interpolate } from './interpolate';

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
const workload = fc.array(burst, { minLength: 1, maxLength: 3 });

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
/** The range every query reads (Grafana's `$__range`, as `interpolate` sets it): longer than any run. */
const RANGE_USED = '1h';

let prometheus: RunningPrometheus;
let sink: RunningOtlpSink;
let collector: RunningCollector | undefined;
let telemetryPort: number;
let alertRuleFile: string;
const ruleDir = mkdtempSync(join(tmpdir(), 'bilan-exact-counts-'));
let runs = 0;

async function startOurCollector(): Promise<RunningCollector> {
  return startCollector({ telemetryPort, env: collectorEnvFor(prometheus, sink.url, {}) });
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
  return counted.some((c) => names(c).some((n) => expr.includes(n))) || expr.includes('bilan:');
}

/** Every instant count and ratio query of the app and the dashboards, for one service. */
function panelQueries(service: string): { where: string; expr: string }[] {
  const variables = { service, environment: '.*', feature: '.*', model: '.*', prompt_version: '.*' };
  const app = appPrometheusQueries()
    .filter((q) => q.instant)
    .map((q) => ({ where: `app / ${q.where}`, expr: interpolate(q.expr, variables) }));
  const dashboards = dashboardChecks(RANGE_USED, '1m', { service })
    .filter((c) => c.instant && !c.labelValues)
    .map((c) => ({ where: c.where, expr: c.expr }));
  return [...app, ...dashboards].filter((q) => countsEvents(q.expr));
}

/** Runs one workload and returns every disagreement (empty when the counts are exact). */
async function disagreements(bursts: readonly Burst[]): Promise<string[]> {
  runs += 1;
  const service = `exact-${runs}-${Date.now()}`;
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

  const problems: string[] = [];
  const sorted = (answer: Record<string, string | number>) => JSON.stringify(Object.entries(answer).sort());
  const compare = (where: string, got: Record<string, string>, want: Record<string, string>) => {
    if (sorted(got) !== sorted(want)) {
      problems.push(`${where}: pipeline ${JSON.stringify(got)} ≠ truth ${JSON.stringify(want)}`);
    }
  };
  // The same queries in the same order, one pair per panel query (a panel may issue several).
  const truthQueries = panelQueries(truthService);
  for (const [i, q] of panelQueries(service).entries()) {
    const got = keyed(await queryPrometheus(prometheus.url, q.expr), service);
    const want = keyed(await queryPrometheus(prometheus.url, truthQueries[i]?.expr ?? ''), truthService);
    compare(q.where, got, want);
  }
  for (const rule of alertRuleChecks(alertRuleFile).filter((c) => countsEvents(c.expr))) {
    const answer = await queryPrometheus(prometheus.url, rule.expr);
    compare(rule.where, keyed(answer, service), keyed(answer, truthService));
  }

  // The numbers a product manager reads, against the events sent.
  const variables = { service, environment: '.*', feature: '.*', model: '.*', prompt_version: '.*' };
  const votes = events.filter(rated);
  const trust = Object.fromEntries(
    [...new Set(votes.map((v) => v.feature))].map((f) => {
      const of = votes.filter((v) => v.feature === f);
      return [f, of.filter((v) => v.kind === 'positive').length / of.length];
    }),
  );
  const read = async (expr: string, label: string) =>
    Object.fromEntries(
      (await queryPrometheus(prometheus.url, interpolate(expr, variables))).map((s) => [
        s.metric[label] ?? '',
        Number(s.value[1]),
      ]),
    );
  const gotTrust = await read(buildTrustRatio(RANGE.whole, [LABEL.feature]), LABEL.feature);
  if (sorted(gotTrust) !== sorted(trust)) {
    problems.push(`trust by feature: read ${JSON.stringify(gotTrust)}, sent ${JSON.stringify(trust)}`);
  }
  const byRating = await read(buildVotesByRating([LABEL.rating]), LABEL.rating);
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
  writeFileSync(rollups, renderRuleFile(dashboardRuleGroups('2s')));
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
});

describe('every count and ratio equals the truth, whatever the sparse workload', () => {
  it('checks enough queries to mean something', () => {
    const queries = panelQueries('any');
    expect(queries.filter((q) => q.where.startsWith('app /')).length).toBeGreaterThanOrEqual(8);
    expect(queries.filter((q) => !q.where.startsWith('app /')).length).toBeGreaterThanOrEqual(15);
    expect(alertRuleChecks(alertRuleFile).filter((c) => countsEvents(c.expr)).length).toBeGreaterThan(4);
  });

  it('through the SDK, the Collector (restarted at random) and Prometheus 3', async () => {
    await fc.assert(
      fc.asyncProperty(workload, async (bursts) => {
        expect(await disagreements(bursts)).toEqual([]);
      }),
      { numRuns: 3, examples: [[ISSUE_EXAMPLE]] },
    );
  }, 900_000);
});
