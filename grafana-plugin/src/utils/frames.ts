/**
 * Data frames (what Grafana's data sources return) → the view models the app
 * renders: feedback rows, per-variant vote counts, journey funnels,
 * conversation rows and a conversation's timeline. Frames are read by field
 * name and type only, so Prometheus "time series" and "table" formats and both
 * Loki log frame shapes (`labels`/`Time`/`Line` and `attributes`/`timestamp`/`body`) work.
 */
import { EVENT, LABEL, type Rating, ratingOf } from '@bilan/contract';
import type { DataFrame, Field } from '@grafana/data';
import { LOKI_LABEL } from '../services/logql';
import type { TimedVoteCounts, VoteCounts } from './trust';

interface LabeledValue {
  labels: Record<string, string>;
  value: number;
}

const isNumberField = (f: Field) => f.type === 'number';
const isTimeField = (f: Field) => f.type === 'time' || f.name === 'Time' || f.name === 'timestamp';

/**
 * One value per series: a time-series frame's value field carries the labels
 * (`reduce` picks the last point, or sums them all for per-step counts); a table
 * frame has one row per series with its labels as string columns.
 */
export function readLabeledValues(frames: readonly DataFrame[], reduce: 'last' | 'sum' = 'last'): LabeledValue[] {
  const out: LabeledValue[] = [];
  for (const frame of frames) {
    const numbers = frame.fields.filter(isNumberField);
    const labelled = numbers.filter((f) => f.labels && Object.keys(f.labels).length > 0);
    if (labelled.length > 0 || frame.fields.every((f) => isTimeField(f) || isNumberField(f))) {
      for (const field of numbers) {
        const value = reduceValues(field.values, reduce);
        if (value !== undefined) out.push({ labels: { ...(field.labels ?? {}) }, value });
      }
      continue;
    }
    const labelFields = frame.fields.filter((f) => f.type === 'string');
    const valueField = numbers[numbers.length - 1];
    if (!valueField) continue;
    for (let row = 0; row < frame.length; row++) {
      const value = Number(valueField.values[row]);
      if (!Number.isFinite(value)) continue;
      const labels: Record<string, string> = {};
      for (const f of labelFields) labels[f.name] = String(f.values[row] ?? '');
      out.push({ labels, value });
    }
  }
  return out;
}

function reduceValues(values: readonly unknown[], reduce: 'last' | 'sum'): number | undefined {
  let result: number | undefined;
  for (const raw of values) {
    const v = Number(raw);
    if (raw === null || raw === undefined || !Number.isFinite(v)) continue;
    result = reduce === 'sum' ? (result ?? 0) + v : v;
  }
  return result;
}

interface SeriesPoints {
  labels: Record<string, string>;
  points: { timeMs: number; value: number }[];
}

/** Every point of every time series (for daily vote buckets). */
export function readSeriesPoints(frames: readonly DataFrame[]): SeriesPoints[] {
  const out: SeriesPoints[] = [];
  for (const frame of frames) {
    const time = frame.fields.find(isTimeField);
    if (!time) continue;
    for (const field of frame.fields.filter(isNumberField)) {
      const points: SeriesPoints['points'] = [];
      field.values.forEach((raw, i) => {
        const value = Number(raw);
        if (raw !== null && Number.isFinite(value)) points.push({ timeMs: Number(time.values[i]), value });
      });
      out.push({ labels: { ...(field.labels ?? {}) }, points });
    }
  }
  return out;
}

export interface LogRow {
  timeMs: number;
  labels: Record<string, string>;
  line: string;
}

/** Rows of Loki log frames, with stream labels and structured metadata merged into `labels`. */
export function readLogRows(frames: readonly DataFrame[]): LogRow[] {
  const rows: LogRow[] = [];
  for (const frame of frames) {
    const byName = (...names: string[]) => frame.fields.find((f) => names.includes(f.name));
    const labels = byName('labels', 'attributes');
    const time = byName('Time', 'timestamp') ?? frame.fields.find((f) => f.type === 'time');
    const line = byName('Line', 'body');
    if (!time) continue;
    for (let i = 0; i < time.values.length; i++) {
      rows.push({
        timeMs: toMs(time.values[i]),
        labels: toStringRecord(labels?.values[i]),
        line: line?.values[i] === undefined || line.values[i] === null ? '' : String(line.values[i]),
      });
    }
  }
  return rows;
}

function toMs(value: unknown): number {
  if (typeof value === 'number') return value;
  const parsed = new Date(String(value)).getTime();
  return Number.isFinite(parsed) ? parsed : 0;
}

function toStringRecord(value: unknown): Record<string, string> {
  if (typeof value === 'string') {
    try {
      return toStringRecord(JSON.parse(value));
    } catch {
      return {};
    }
  }
  if (!value || typeof value !== 'object') return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) out[k] = String(v);
  return out;
}

export interface FeedbackRow {
  timeMs: number;
  rating: Rating | 'unknown';
  score?: number;
  comment: string;
  feature: string;
  model: string;
  promptVersion: string;
  conversationId: string;
  turnId: string;
  traceId: string;
  userId: string;
  service: string;
}

/** Votes, newest first. A vote without a rating label is rated by the sign of its score; a 0 is `unknown`. */
export function toFeedbackRows(rows: readonly LogRow[]): FeedbackRow[] {
  return rows
    .map(({ timeMs, labels }) => {
      const scoreText = labels[LOKI_LABEL.score];
      const score = scoreText === undefined || scoreText === '' ? undefined : Number(scoreText);
      const validScore = score !== undefined && Number.isFinite(score) ? score : undefined;
      return {
        timeMs,
        rating: toRating(labels[LOKI_LABEL.rating], validScore),
        score: validScore,
        comment: labels[LOKI_LABEL.comment] ?? '',
        feature: labels[LOKI_LABEL.feature] ?? '',
        model: labels[LOKI_LABEL.model] ?? '',
        promptVersion: labels[LOKI_LABEL.promptVersion] ?? '',
        conversationId: labels[LOKI_LABEL.conversationId] ?? '',
        turnId: labels[LOKI_LABEL.turnId] ?? '',
        traceId: labels[LOKI_LABEL.traceId] ?? '',
        userId: labels[LOKI_LABEL.userId] ?? '',
        service: labels[LOKI_LABEL.serviceName] ?? '',
      };
    })
    .sort((a, b) => b.timeMs - a.timeMs);
}

/** The contract's rating rule, the one the Collector counts by; `unknown` where it gives none (not counted). */
function toRating(label: string | undefined, score: number | undefined): FeedbackRow['rating'] {
  return ratingOf(label, score) ?? 'unknown';
}

/** Sums `sum by (<by>, rating)` vote counts into per-variant counts (missing label → `none`). */
export function toVariantCounts(values: readonly LabeledValue[], by: string): (VoteCounts & { key: string })[] {
  const counts = new Map<string, VoteCounts>();
  for (const { labels, value } of values) {
    const key = labels[by] || 'none';
    const c = counts.get(key) ?? { positive: 0, total: 0 };
    c.total += value;
    if (labels[LABEL.rating] === 'positive') c.positive += value;
    counts.set(key, c);
  }
  return [...counts].map(([key, c]) => ({ key, ...c }));
}

/** Per-variant daily vote buckets (a range query with step 1d) for the decay-weighted score. */
export function toVariantBuckets(series: readonly SeriesPoints[], by: string): Map<string, TimedVoteCounts[]> {
  const byKey = new Map<string, Map<number, TimedVoteCounts>>();
  for (const { labels, points } of series) {
    const key = labels[by] || 'none';
    const buckets = byKey.get(key) ?? new Map<number, TimedVoteCounts>();
    for (const { timeMs, value } of points) {
      const b = buckets.get(timeMs) ?? { timeMs, positive: 0, total: 0 };
      b.total += value;
      if (labels[LABEL.rating] === 'positive') b.positive += value;
      buckets.set(timeMs, b);
    }
    byKey.set(key, buckets);
  }
  return new Map([...byKey].map(([key, buckets]) => [key, [...buckets.values()]]));
}

export interface FunnelStep {
  step: string;
  count: number;
  /** Share of the journey's first step that reached this one. */
  conversion: number;
  /** Share of the previous step lost before this one (0 for the first). */
  dropOff: number;
}

export interface Funnel {
  journey: string;
  steps: FunnelStep[];
  completed: number;
  abandoned: number;
}

/**
 * Funnels from `sum by (journey, step)` step counts and `sum by (journey, outcome)`
 * ends. Steps are ordered by how many reached them (a funnel only narrows; the
 * metric has no step index), ties by name.
 */
export function toFunnels(steps: readonly LabeledValue[], ended: readonly LabeledValue[] = []): Funnel[] {
  const journeys = new Map<string, Map<string, number>>();
  for (const { labels, value } of steps) {
    const journey = labels[LABEL.journey] || 'none';
    const step = labels[LABEL.step] || 'none';
    const counts = journeys.get(journey) ?? new Map<string, number>();
    counts.set(step, (counts.get(step) ?? 0) + value);
    journeys.set(journey, counts);
  }
  const outcome = (journey: string, which: string) =>
    ended
      .filter((e) => e.labels[LABEL.journey] === journey && e.labels[LABEL.outcome] === which)
      .reduce((sum, e) => sum + e.value, 0);
  return [...journeys]
    .map(([journey, counts]) => {
      const ordered = [...counts].sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
      const first = ordered[0]?.[1] ?? 0;
      const funnelSteps = ordered.map(([step, count], i) => {
        const previous = i === 0 ? count : (ordered[i - 1]?.[1] ?? 0);
        return {
          step,
          count,
          conversion: first > 0 ? count / first : 0,
          dropOff: i === 0 || previous <= 0 ? 0 : 1 - count / previous,
        };
      });
      return {
        journey,
        steps: funnelSteps,
        completed: outcome(journey, 'completed'),
        abandoned: outcome(journey, 'abandoned'),
      };
    })
    .sort((a, b) => a.journey.localeCompare(b.journey));
}

export interface ConversationRow {
  conversationId: string;
  feature: string;
  userId: string;
  startedMs?: number;
  endedMs?: number;
  outcome: string;
  turns: number;
  votes: number;
}

/** One row per conversation from its start/end events, with turn and vote counts joined by id. */
export function toConversationRows(
  events: readonly LogRow[],
  votes: readonly LabeledValue[],
  turns: readonly LabeledValue[],
  turnsIdLabel: string,
): ConversationRow[] {
  const rows = new Map<string, ConversationRow>();
  for (const { timeMs, labels } of events) {
    const id = labels[LOKI_LABEL.conversationId];
    if (!id) continue;
    const row = rows.get(id) ?? { conversationId: id, feature: '', userId: '', outcome: 'open', turns: 0, votes: 0 };
    row.feature ||= labels[LOKI_LABEL.feature] ?? '';
    row.userId ||= labels[LOKI_LABEL.userId] ?? '';
    if (labels[LOKI_LABEL.eventName] === EVENT.conversationEnd || labels[LOKI_LABEL.conversationOutcome]) {
      row.endedMs = timeMs;
      row.outcome = labels[LOKI_LABEL.conversationOutcome] || 'ended';
    } else {
      row.startedMs = row.startedMs === undefined ? timeMs : Math.min(row.startedMs, timeMs);
    }
    rows.set(id, row);
  }
  for (const v of votes) {
    const row = rows.get(v.labels[LOKI_LABEL.conversationId] ?? '');
    if (row) row.votes += v.value;
  }
  for (const t of turns) {
    const row = rows.get(t.labels[turnsIdLabel] ?? '');
    if (row) row.turns += t.value;
  }
  const latest = (r: ConversationRow) => r.endedMs ?? r.startedMs ?? 0;
  return [...rows.values()].sort((a, b) => latest(b) - latest(a));
}

export type TimelineKind = 'start' | 'turn' | 'vote' | 'regenerate' | 'journey_step' | 'end' | 'event';

export interface TimelineEntry {
  timeMs: number;
  kind: TimelineKind;
  title: string;
  detail: string;
  traceId: string;
}

const EVENT_KIND: Record<string, TimelineKind> = {
  [EVENT.conversationStart]: 'start',
  [EVENT.conversationEnd]: 'end',
  [EVENT.evaluationResult]: 'vote',
  [EVENT.turnRegenerate]: 'regenerate',
  [EVENT.journeyStep]: 'journey_step',
};

interface SpanRow {
  timeMs: number;
  traceId: string;
  name: string;
  durationMs: number;
  error: string;
}

/** Rows of a Tempo search frame (`traceID`, `startTime`, `traceName`, `traceDuration`, selected attributes). */
export function readSpanRows(frames: readonly DataFrame[], errorField = 'span.error.type'): SpanRow[] {
  const rows: SpanRow[] = [];
  for (const frame of frames) {
    const f = (name: string) => frame.fields.find((field) => field.name === name);
    const id = f('traceID') ?? f('traceIdHidden');
    const start = f('startTime');
    if (!id || !start) continue;
    for (let i = 0; i < id.values.length; i++) {
      rows.push({
        timeMs: toMs(start.values[i]),
        traceId: String(id.values[i] ?? ''),
        name: String(f('traceName')?.values[i] ?? f('name')?.values[i] ?? 'turn'),
        durationMs: Number(f('traceDuration')?.values[i] ?? f('duration')?.values[i] ?? 0),
        error: String(f(errorField)?.values[i] ?? ''),
      });
    }
  }
  return rows;
}

/** The user a conversation belongs to: its start event's `user.id`, else any of its events' (votes carry it too). */
export function conversationUserId(logs: readonly LogRow[]): string {
  const userOf = (row: LogRow) => row.labels[LOKI_LABEL.userId] ?? '';
  const start = logs.find((row) => row.labels[LOKI_LABEL.eventName] === EVENT.conversationStart && userOf(row));
  return start ? userOf(start) : (logs.map(userOf).find(Boolean) ?? '');
}

interface TimeWindow {
  fromMs: number;
  toMs: number;
}

/**
 * When a conversation ran: from its start event (or, when the start is outside the
 * range, its earliest event or turn) to its end event, or to `openUntilMs` (the
 * range end) while it is open. Undefined when nothing of it was seen.
 */
export function conversationWindow(
  logs: readonly LogRow[],
  spans: readonly SpanRow[],
  openUntilMs: number,
): TimeWindow | undefined {
  const eventTimes = (name: string) =>
    logs.filter((row) => row.labels[LOKI_LABEL.eventName] === name).map((row) => row.timeMs);
  const starts = eventTimes(EVENT.conversationStart);
  const ends = eventTimes(EVENT.conversationEnd);
  const seen = [...logs.map((row) => row.timeMs), ...spans.map((span) => span.timeMs)];
  if (seen.length === 0) return undefined;
  const fromMs = starts.length > 0 ? Math.min(...starts) : Math.min(...seen);
  return { fromMs, toMs: ends.length > 0 ? Math.max(...ends) : Math.max(openUntilMs, ...seen) };
}

/**
 * The user's journey steps that fall within the window (both ends included), in
 * time order and by step index at the same instant. Journey steps carry `user.id`
 * but no conversation id, so time is what ties them to a conversation.
 */
export function journeyStepsWithin(steps: readonly LogRow[], userId: string, window: TimeWindow | undefined): LogRow[] {
  if (!userId || !window) return [];
  const index = (row: LogRow) => Number(row.labels[LOKI_LABEL.journeyStepIndex] ?? Number.NaN);
  return steps
    .filter(
      (row) =>
        row.labels[LOKI_LABEL.eventName] === EVENT.journeyStep &&
        row.labels[LOKI_LABEL.userId] === userId &&
        row.timeMs >= window.fromMs &&
        row.timeMs <= window.toMs,
    )
    .sort((a, b) => a.timeMs - b.timeMs || (index(a) || 0) - (index(b) || 0));
}

/**
 * A conversation's turns (spans), events (logs) and its user's journey steps
 * within its window, in time order. At the same instant: start, journey step,
 * turn, vote, regeneration, other events, end.
 */
export function toConversationTimeline(
  logs: readonly LogRow[],
  spans: readonly SpanRow[],
  userJourneySteps: readonly LogRow[] = [],
  openUntilMs = Number.POSITIVE_INFINITY,
): TimelineEntry[] {
  const order: TimelineKind[] = ['start', 'journey_step', 'turn', 'vote', 'regenerate', 'event', 'end'];
  const window = conversationWindow(logs, spans, openUntilMs);
  const steps = journeyStepsWithin(userJourneySteps, conversationUserId(logs), window);
  const entries: TimelineEntry[] = [
    ...spans.map((s) => ({
      timeMs: s.timeMs,
      kind: 'turn' as const,
      title: s.name,
      detail: s.error ? `failed: ${s.error}` : `${Math.round(s.durationMs)} ms`,
      traceId: s.traceId,
    })),
    ...[...logs, ...steps].map(({ timeMs, labels, line }) => {
      const kind = EVENT_KIND[labels[LOKI_LABEL.eventName] ?? ''] ?? 'event';
      return {
        timeMs,
        kind,
        title: timelineTitle(kind, labels),
        detail: timelineDetail(kind, labels, line),
        traceId: labels[LOKI_LABEL.traceId] ?? '',
      };
    }),
  ];
  return entries.sort((a, b) => a.timeMs - b.timeMs || order.indexOf(a.kind) - order.indexOf(b.kind));
}

function timelineTitle(kind: TimelineKind, labels: Record<string, string>): string {
  switch (kind) {
    case 'vote':
      return `vote: ${labels[LOKI_LABEL.rating] ?? labels[LOKI_LABEL.score] ?? '?'}`;
    case 'end':
      return `ended: ${labels[LOKI_LABEL.conversationOutcome] ?? 'unknown'}`;
    case 'journey_step':
      return `${labels[LOKI_LABEL.journeyName] ?? 'journey'} → ${labels[LOKI_LABEL.journeyStep] ?? '?'}`;
    case 'start':
      return 'started';
    case 'regenerate':
      return 'regenerated';
    default:
      return labels[LOKI_LABEL.eventName] ?? 'event';
  }
}

function timelineDetail(kind: TimelineKind, labels: Record<string, string>, line: string): string {
  if (kind === 'vote') return labels[LOKI_LABEL.comment] ?? '';
  const stepIndex = labels[LOKI_LABEL.journeyStepIndex];
  if (kind === 'journey_step' && stepIndex) return `step #${stepIndex}`;
  return line;
}
