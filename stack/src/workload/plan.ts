import { countOverRange, LABEL_VALUE_UNSET, SERIES, type SeriesKey } from '@bilan/contract';

/** One AI call of the reference workload. */
export interface PlannedTurn {
  feature: string;
  model: string;
  promptVersion: string;
  conversationId: string;
  /** Set when the call fails; the turn's outcome is then `error`. */
  errorType?: 'timeout' | 'rate_limit';
  inputTokens: number;
  outputTokens: number;
  /** Used by emitters that set span times themselves. */
  durationMs: number;
}

export interface PlannedVote {
  turn: number;
  value: 1 | -1;
  comment?: string;
}

export interface WorkloadPlan {
  serviceName: string;
  environment: string;
  turns: PlannedTurn[];
  votes: PlannedVote[];
  /** Feedback on whole conversations: `gen_ai.evaluation.result` but not a vote. */
  conversationFeedback: { conversationId: string; value: 1 | -1 }[];
  conversationsStarted: { conversationId: string; feature: string }[];
  conversationsEnded: { conversationId: string; feature: string; outcome: 'completed' | 'abandoned' | 'escalated' }[];
  journeySteps: { journey: string; step: string; index: number }[];
  journeysEnded: { journey: string; outcome: 'completed' | 'abandoned' }[];
  regenerations: { turn: number }[];
  pageLoadsSeconds: number[];
  dropped: { count: number; reason: 'queue_full' | 'export_failed' }[];
}

export const REFERENCE_FEATURES = ['chat', 'search', 'summarize'] as const;
export const REFERENCE_MODELS = ['gpt-4o-mini', 'claude-haiku'] as const;
export const REFERENCE_PROMPT_VERSIONS = ['v1', 'v2'] as const;

/** `list[i]`, which must exist (the plan's indexes are computed, never taken from input). */
export function at<T>(list: readonly T[], i: number): T {
  const item = list[i];
  if (item === undefined) throw new RangeError(`index ${i} is outside a list of ${list.length}`);
  return item;
}

function repeat<T>(count: number, make: (i: number) => T): T[] {
  return Array.from({ length: count }, (_, i) => make(i));
}

/**
 * The reference workload: 200 turns (10 failing) over 3 features, 1,000 votes (730
 * positive), 30 conversations started and 20 ended, journey steps and ends, regenerations,
 * page loads and SDK drop reports. Deterministic, so expected counts follow from it.
 */
export function planReferenceWorkload(serviceName = 'bilan-reference', environment = 'test'): WorkloadPlan {
  const turns = repeat(200, (i) => ({
    feature: at(REFERENCE_FEATURES, i % 3),
    model: at(REFERENCE_MODELS, i % 2),
    promptVersion: at(REFERENCE_PROMPT_VERSIONS, Math.floor(i / 2) % 2),
    conversationId: `conv-${i % 30}`,
    errorType: i % 20 === 7 ? (i % 40 === 7 ? ('timeout' as const) : ('rate_limit' as const)) : undefined,
    inputTokens: 100 + i,
    outputTokens: 20 + (i % 7),
    durationMs: 150 + ((i * 37) % 2500),
  }));
  // Votes and regenerations rate answers, so they point at turns that succeeded.
  const answered = turns.flatMap((t, i) => (t.errorType ? [] : [i]));
  const votes = repeat(1000, (v) => ({
    turn: at(answered, (v * 7) % answered.length),
    value: v < 730 ? (1 as const) : (-1 as const),
    comment: v % 100 === 0 ? 'Helpful, thanks' : undefined,
  }));
  const outcomes = ['completed', 'abandoned', 'escalated'] as const;
  return {
    serviceName,
    environment,
    turns,
    votes,
    conversationFeedback: repeat(5, (c) => ({ conversationId: `conv-${c}`, value: 1 })),
    conversationsStarted: repeat(30, (c) => ({ conversationId: `conv-${c}`, feature: at(REFERENCE_FEATURES, c % 3) })),
    conversationsEnded: repeat(20, (c) => ({
      conversationId: `conv-${c}`,
      feature: at(REFERENCE_FEATURES, c % 3),
      outcome: at(outcomes, c < 12 ? 0 : c < 17 ? 1 : 2),
    })),
    journeySteps: [
      ...repeat(10, () => ({ journey: 'onboarding', step: 'signup', index: 0 })),
      ...repeat(7, () => ({ journey: 'onboarding', step: 'connect', index: 1 })),
      ...repeat(5, () => ({ journey: 'onboarding', step: 'first_chat', index: 2 })),
      ...repeat(4, () => ({ journey: 'checkout', step: 'cart', index: 0 })),
      ...repeat(2, () => ({ journey: 'checkout', step: 'pay', index: 1 })),
    ],
    journeysEnded: [
      ...repeat(5, () => ({ journey: 'onboarding', outcome: 'completed' as const })),
      ...repeat(3, () => ({ journey: 'onboarding', outcome: 'abandoned' as const })),
      ...repeat(2, () => ({ journey: 'checkout', outcome: 'completed' as const })),
    ],
    regenerations: repeat(15, (r) => ({ turn: at(answered, r) })),
    pageLoadsSeconds: repeat(20, (p) => 0.3 + p * 0.1),
    dropped: [
      { count: 3, reason: 'queue_full' },
      { count: 4, reason: 'export_failed' },
    ],
  };
}

/** What a producer can say: the Bilan SDK says everything; a plain GenAI app has no `bilan.*` data. */
export type Producer = 'bilan' | 'plain-genai';

/** Expected value of one series (label set → value). For histograms the value is the `_count`. */
export type ExpectedSeries = Map<string, { labels: Record<string, string>; value: number }>;
export type ExpectedWorkload = Partial<Record<SeriesKey, ExpectedSeries>>;

/** A stable key for a label set. */
export function labelKey(labels: Record<string, string>): string {
  return JSON.stringify(
    Object.keys(labels)
      .sort()
      .map((k) => [k, labels[k]]),
  );
}

function add(expected: ExpectedWorkload, key: SeriesKey, labels: Record<string, string>, value = 1): void {
  const series = expected[key] ?? new Map();
  expected[key] = series;
  const id = labelKey(labels);
  const current = series.get(id);
  series.set(id, { labels, value: (current?.value ?? 0) + value });
}

/** Expected contract series for a plan sent by a producer, worked out from the plan alone. */
export function expectedSeries(plan: WorkloadPlan, producer: Producer): ExpectedWorkload {
  const expected: ExpectedWorkload = {};
  const base = { service_name: plan.serviceName, environment: plan.environment };
  const bilan = producer === 'bilan';
  const feature = (f: string) => (bilan ? f : LABEL_VALUE_UNSET);
  const turnLabels = (t: PlannedTurn) => ({ ...base, feature: feature(t.feature), model: t.model });

  for (const t of plan.turns) {
    add(expected, 'turns', { ...turnLabels(t), outcome: t.errorType ? 'error' : 'success' });
    add(expected, 'turnDuration', turnLabels(t));
    if (t.errorType) continue; // a failed call reports no usage
    add(expected, 'turnTokens', { ...turnLabels(t), token_type: 'input' }, t.inputTokens);
    add(expected, 'turnTokens', { ...turnLabels(t), token_type: 'output' }, t.outputTokens);
  }
  for (const v of plan.votes) {
    const t = at(plan.turns, v.turn);
    add(expected, 'votes', {
      ...turnLabels(t),
      prompt_version: bilan ? t.promptVersion : LABEL_VALUE_UNSET,
      rating: v.value > 0 ? 'positive' : 'negative',
    });
  }
  if (!bilan) return expected;
  for (const c of plan.conversationsStarted) add(expected, 'conversationsStarted', { ...base, feature: c.feature });
  for (const c of plan.conversationsEnded)
    add(expected, 'conversationsEnded', { ...base, feature: c.feature, outcome: c.outcome });
  for (const s of plan.journeySteps) add(expected, 'journeySteps', { ...base, journey: s.journey, step: s.step });
  for (const j of plan.journeysEnded)
    add(expected, 'journeysEnded', { ...base, journey: j.journey, outcome: j.outcome });
  for (const r of plan.regenerations) add(expected, 'regenerations', turnLabels(at(plan.turns, r.turn)));
  for (const _ of plan.pageLoadsSeconds) add(expected, 'pageLoad', base);
  for (const d of plan.dropped) add(expected, 'sdkDropped', { ...base, reason: d.reason }, d.count);
  return expected;
}

/** PromQL name whose samples carry the expected value: `_count` for histograms. */
export function sampleName(key: SeriesKey): string {
  const spec = SERIES[key];
  return spec.type === 'histogram' ? `${spec.name}_count` : spec.name;
}

/** How far back a test reads what a series holds: longer than any test runs. */
export const STORED_RANGE = '1h';

/**
 * PromQL of what each series of `key` matching `matchers` (e.g. `service_name="app"`) holds
 * over `range`: a counter's per-flush counts added up (`countOverRange`), a histogram's
 * `_count`, which stays cumulative, at its latest sample.
 */
export function storedTotal(key: SeriesKey, matchers: string, range = STORED_RANGE): string {
  const selector = `${sampleName(key)}{${matchers}}`;
  return SERIES[key].type === 'histogram' ? `last_over_time(${selector}[${range}])` : countOverRange(selector, range);
}
