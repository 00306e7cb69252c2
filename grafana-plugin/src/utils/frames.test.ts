import { createDataFrame, FieldType } from '@grafana/data';
import { describe, expect, it } from 'vitest';
import {
  conversationUserId,
  conversationWindow,
  journeyStepsWithin,
  type LogRow,
  readLabeledValues,
  readLogRows,
  readSeriesPoints,
  readSpanRows,
  toConversationRows,
  toConversationTimeline,
  toFeedbackRows,
  toFunnels,
  toVariantBuckets,
  toVariantCounts,
} from './frames';
import { rankByLowerBound } from './trust';

const T0 = Date.UTC(2026, 10, 26, 12);

function instant(labels: Record<string, string>, value: number | null) {
  return createDataFrame({
    fields: [
      { name: 'Time', type: FieldType.time, values: [T0] },
      { name: 'Value', type: FieldType.number, values: [value], labels },
    ],
  });
}

function lokiFrame(rows: { t: number; labels: Record<string, string>; line?: string }[]) {
  return createDataFrame({
    fields: [
      { name: 'labels', type: FieldType.other, values: rows.map((r) => r.labels) },
      { name: 'Time', type: FieldType.time, values: rows.map((r) => r.t) },
      { name: 'Line', type: FieldType.string, values: rows.map((r) => r.line ?? '') },
    ],
  });
}

describe('readLabeledValues', () => {
  it('reads time-series frames (labels on the value field) and skips empty values', () => {
    const values = readLabeledValues([instant({ rating: 'positive' }, 3), instant({ rating: 'negative' }, null)]);
    expect(values).toEqual([{ labels: { rating: 'positive' }, value: 3 }]);
  });

  it('reads table frames (labels as columns)', () => {
    const table = createDataFrame({
      fields: [
        { name: 'Time', type: FieldType.time, values: [T0, T0] },
        { name: 'journey', type: FieldType.string, values: ['signup', 'signup'] },
        { name: 'step', type: FieldType.string, values: ['form', 'done'] },
        { name: 'Value #A', type: FieldType.number, values: [10, 'x'] },
      ],
    });
    expect(readLabeledValues([table])).toEqual([{ labels: { journey: 'signup', step: 'form' }, value: 10 }]);
  });

  it('sums per-step counts when asked', () => {
    const frame = createDataFrame({
      fields: [
        { name: 'time', type: FieldType.time, values: [T0, T0 + 60_000, T0 + 120_000] },
        { name: 'count', type: FieldType.number, values: [1, null, 2], labels: { id: 'c1' } },
      ],
    });
    expect(readLabeledValues([frame], 'sum')).toEqual([{ labels: { id: 'c1' }, value: 3 }]);
    expect(readSeriesPoints([frame])[0]?.points).toEqual([
      { timeMs: T0, value: 1 },
      { timeMs: T0 + 120_000, value: 2 },
    ]);
  });
});

describe('toFeedbackRows', () => {
  const frame = lokiFrame([
    {
      t: T0,
      labels: {
        gen_ai_evaluation_score_label: 'negative',
        gen_ai_evaluation_score_value: '-1',
        gen_ai_evaluation_explanation: 'Wrong, "very" wrong',
        bilan_feature: 'search',
        gen_ai_request_model: 'gpt-x',
        bilan_prompt_version: 'v2',
        gen_ai_conversation_id: 'c1',
        bilan_turn_id: 't1',
        trace_id: 'abc123',
        user_id: 'u1',
        service_name: 'demo',
      },
    },
    { t: T0 + 1000, labels: { gen_ai_evaluation_score_value: '4' } },
    { t: T0 - 1000, labels: { gen_ai_evaluation_score_value: 'not a number' } },
    { t: T0 - 2000, labels: { gen_ai_evaluation_score_value: '0' } },
  ]);

  it('maps structured metadata to rows, newest first, rating from the label or the sign of a non-zero score', () => {
    const rows = toFeedbackRows(readLogRows([frame]));
    expect(rows.map((r) => [r.rating, r.score])).toEqual([
      ['positive', 4],
      ['negative', -1],
      ['unknown', undefined],
      ['unknown', 0],
    ]);
    expect(rows[1]).toEqual({
      timeMs: T0,
      rating: 'negative',
      score: -1,
      comment: 'Wrong, "very" wrong',
      feature: 'search',
      model: 'gpt-x',
      promptVersion: 'v2',
      conversationId: 'c1',
      turnId: 't1',
      traceId: 'abc123',
      userId: 'u1',
      service: 'demo',
    });
  });

  it('reads the dataplane shape (attributes/timestamp/body) and labels given as JSON text', () => {
    const frame2 = createDataFrame({
      fields: [
        { name: 'timestamp', type: FieldType.time, values: [T0] },
        { name: 'body', type: FieldType.string, values: ['x'] },
        { name: 'attributes', type: FieldType.other, values: ['{"gen_ai_evaluation_score_label":"positive"}'] },
      ],
    });
    expect(toFeedbackRows(readLogRows([frame2]))[0]?.rating).toBe('positive');
    expect(readLogRows([createDataFrame({ fields: [] })])).toEqual([]);
  });
});

describe('toVariantCounts', () => {
  it('groups rating counts per variant, ready for Wilson ranking', () => {
    const values = readLabeledValues([
      instant({ prompt_version: 'v1', rating: 'positive' }, 2),
      instant({ prompt_version: 'v1', rating: 'negative' }, 1),
      instant({ prompt_version: 'v2', rating: 'positive' }, 3),
      instant({ rating: 'negative' }, 1),
    ]);
    const counts = toVariantCounts(values, 'prompt_version');
    expect(counts).toEqual([
      { key: 'v1', positive: 2, total: 3 },
      { key: 'v2', positive: 3, total: 3 },
      { key: 'none', positive: 0, total: 1 },
    ]);
    expect(rankByLowerBound(counts).map((r) => r.key)).toEqual(['v2', 'v1', 'none']);
  });

  it('buckets daily points per variant', () => {
    const frame = createDataFrame({
      fields: [
        { name: 'Time', type: FieldType.time, values: [T0, T0 + 86_400_000] },
        { name: 'Value', type: FieldType.number, values: [1, 2], labels: { model: 'm', rating: 'positive' } },
        { name: 'Value', type: FieldType.number, values: [1, 0], labels: { model: 'm', rating: 'negative' } },
      ],
    });
    expect(toVariantBuckets(readSeriesPoints([frame]), 'model').get('m')).toEqual([
      { timeMs: T0, positive: 1, total: 2 },
      { timeMs: T0 + 86_400_000, positive: 2, total: 2 },
    ]);
  });
});

describe('toFunnels', () => {
  it('orders steps by reach and computes conversion and drop-off', () => {
    const steps = [
      { labels: { journey: 'signup', step: 'done' }, value: 25 },
      { labels: { journey: 'signup', step: 'landing' }, value: 100 },
      { labels: { journey: 'signup', step: 'form' }, value: 50 },
      { labels: { journey: 'onboarding', step: 'a' }, value: 0 },
    ];
    const ended = [
      { labels: { journey: 'signup', outcome: 'completed' }, value: 25 },
      { labels: { journey: 'signup', outcome: 'abandoned' }, value: 70 },
    ];
    const [onboarding, signup] = toFunnels(steps, ended);
    expect(signup).toEqual({
      journey: 'signup',
      completed: 25,
      abandoned: 70,
      steps: [
        { step: 'landing', count: 100, conversion: 1, dropOff: 0 },
        { step: 'form', count: 50, conversion: 0.5, dropOff: 0.5 },
        { step: 'done', count: 25, conversion: 0.25, dropOff: 0.5 },
      ],
    });
    expect(onboarding?.steps).toEqual([{ step: 'a', count: 0, conversion: 0, dropOff: 0 }]);
  });

  it('is empty without data', () => {
    expect(toFunnels([])).toEqual([]);
  });
});

describe('conversations', () => {
  const events = readLogRows([
    lokiFrame([
      {
        t: T0,
        labels: {
          event_name: 'bilan.conversation.start',
          gen_ai_conversation_id: 'c1',
          bilan_feature: 'chat',
          user_id: 'u1',
        },
      },
      {
        t: T0 + 5000,
        labels: {
          event_name: 'bilan.conversation.end',
          gen_ai_conversation_id: 'c1',
          bilan_conversation_outcome: 'completed',
        },
      },
      { t: T0 + 1000, labels: { event_name: 'bilan.conversation.start', gen_ai_conversation_id: 'c2' } },
      { t: T0 + 1000, labels: { event_name: 'bilan.conversation.start' } },
    ]),
  ]);

  it('joins start/end events with turn and vote counts, latest first', () => {
    const votes = [{ labels: { gen_ai_conversation_id: 'c1' }, value: 2 }];
    const turns = [
      { labels: { 'span.gen_ai.conversation.id': 'c1' }, value: 3 },
      { labels: { 'span.gen_ai.conversation.id': 'unknown' }, value: 9 },
    ];
    expect(toConversationRows(events, votes, turns, 'span.gen_ai.conversation.id')).toEqual([
      {
        conversationId: 'c1',
        feature: 'chat',
        userId: 'u1',
        startedMs: T0,
        endedMs: T0 + 5000,
        outcome: 'completed',
        turns: 3,
        votes: 2,
      },
      { conversationId: 'c2', feature: '', userId: '', startedMs: T0 + 1000, outcome: 'open', turns: 0, votes: 0 },
    ]);
  });

  it('builds a timeline of turns and events in time order', () => {
    const spans = readSpanRows([
      createDataFrame({
        fields: [
          { name: 'traceID', type: FieldType.string, values: ['tr1', 'tr2'] },
          { name: 'startTime', type: FieldType.time, values: [T0 + 1000, T0 + 3000] },
          { name: 'traceName', type: FieldType.string, values: ['chat gpt-x', 'chat gpt-x'] },
          { name: 'traceDuration', type: FieldType.number, values: [420.4, 30000] },
          { name: 'span.error.type', type: FieldType.string, values: ['', 'timeout'] },
        ],
      }),
    ]);
    const logs = [
      ...events.filter((e) => e.labels.gen_ai_conversation_id === 'c1'),
      {
        timeMs: T0 + 1000,
        labels: {
          event_name: 'gen_ai.evaluation.result',
          gen_ai_evaluation_score_label: 'positive',
          gen_ai_evaluation_explanation: 'great',
          trace_id: 'tr1',
        },
        line: '',
      },
    ];
    expect(
      toConversationTimeline(logs, spans).map((e) => [e.timeMs - T0, e.kind, e.title, e.detail, e.traceId]),
    ).toEqual([
      [0, 'start', 'started', '', ''],
      [1000, 'turn', 'chat gpt-x', '420 ms', 'tr1'],
      [1000, 'vote', 'vote: positive', 'great', 'tr1'],
      [3000, 'turn', 'chat gpt-x', 'failed: timeout', 'tr2'],
      [5000, 'end', 'ended: completed', '', ''],
    ]);
  });
});

describe("a conversation's user journey steps on its timeline", () => {
  const log = (t: number, labels: Record<string, string>): LogRow => ({ timeMs: T0 + t, labels, line: '' });
  const start = log(0, { event_name: 'bilan.conversation.start', gen_ai_conversation_id: 'c1', user_id: 'u1' });
  const end = log(5000, {
    event_name: 'bilan.conversation.end',
    gen_ai_conversation_id: 'c1',
    bilan_conversation_outcome: 'completed',
  });
  const vote = (t: number, user: string) =>
    log(t, { event_name: 'gen_ai.evaluation.result', gen_ai_evaluation_score_label: 'positive', user_id: user });
  const step = (t: number, name: string, index: number, user = 'u1') =>
    log(t, {
      event_name: 'bilan.journey.step',
      bilan_journey_name: 'checkout',
      bilan_journey_step: name,
      bilan_journey_step_index: String(index),
      user_id: user,
    });
  const turn = (t: number) => ({ timeMs: T0 + t, traceId: `tr${t}`, name: 'chat', durationMs: 10, error: '' });
  const RANGE_END = T0 + 60_000;
  const summary = (entries: ReturnType<typeof toConversationTimeline>) =>
    entries.map((e) => [e.timeMs - T0, e.kind, e.title, e.detail]);

  it("reads the user from the start event, else from the conversation's votes", () => {
    expect(conversationUserId([vote(1000, 'u9'), start])).toBe('u1');
    expect(conversationUserId([log(0, { event_name: 'bilan.conversation.start' }), vote(1000, 'u2')])).toBe('u2');
    expect(conversationUserId([log(0, { event_name: 'bilan.conversation.start' }), end])).toBe('');
    expect(conversationUserId([])).toBe('');
  });

  it('spans start → end, or start → range end while open, or its earliest sign when the start is out of range', () => {
    expect(conversationWindow([end, start], [], RANGE_END)).toEqual({ fromMs: T0, toMs: T0 + 5000 });
    expect(conversationWindow([start], [turn(2000)], RANGE_END)).toEqual({ fromMs: T0, toMs: RANGE_END });
    expect(conversationWindow([vote(3000, 'u1'), end], [turn(2000)], RANGE_END)).toEqual({
      fromMs: T0 + 2000,
      toMs: T0 + 5000,
    });
    expect(conversationWindow([], [], RANGE_END)).toBeUndefined();
  });

  it("keeps only the user's steps inside the window, ends included, by time then step index", () => {
    const window = { fromMs: T0, toMs: T0 + 5000 };
    const steps = [
      step(-1, 'before', 0),
      step(5001, 'after', 9),
      step(3000, 'pay', 2),
      step(3000, 'cart', 1),
      step(0, 'at-start', 0),
      step(5000, 'at-end', 3),
      step(2000, 'someone-else', 1, 'u2'),
      { ...step(2500, 'not-a-step', 1), labels: { ...step(2500, 'x', 1).labels, event_name: 'bilan.custom' } },
    ];
    expect(journeyStepsWithin(steps, 'u1', window).map((s) => s.labels.bilan_journey_step)).toEqual([
      'at-start',
      'cart',
      'pay',
      'at-end',
    ]);
    expect(journeyStepsWithin(steps, '', window)).toEqual([]);
    expect(journeyStepsWithin(steps, 'u1', undefined)).toEqual([]);
  });

  it('merges the steps with turns and events in time order, marked as journey steps', () => {
    const steps = [
      step(-500, 'cart', 1),
      step(0, 'cart', 1),
      step(1000, 'pay', 2),
      step(5000, 'done', 3),
      step(9000, 'later', 4),
    ];
    expect(summary(toConversationTimeline([end, vote(1000, 'u1'), start], [turn(1000)], steps, RANGE_END))).toEqual([
      [0, 'start', 'started', ''],
      [0, 'journey_step', 'checkout → cart', 'step #1'],
      [1000, 'journey_step', 'checkout → pay', 'step #2'],
      [1000, 'turn', 'chat', '10 ms'],
      [1000, 'vote', 'vote: positive', ''],
      [5000, 'journey_step', 'checkout → done', 'step #3'],
      [5000, 'end', 'ended: completed', ''],
    ]);
  });

  it('runs to the range end while the conversation is open', () => {
    const steps = [step(9000, 'later', 4), step(RANGE_END - T0 + 1, 'past the range', 5)];
    expect(summary(toConversationTimeline([start], [], steps, RANGE_END))).toEqual([
      [0, 'start', 'started', ''],
      [9000, 'journey_step', 'checkout → later', 'step #4'],
    ]);
  });

  it('shows turns and events alone when the user is unknown or took no journey steps', () => {
    const anonymous = log(0, { event_name: 'bilan.conversation.start', gen_ai_conversation_id: 'c1' });
    const steps = [step(1000, 'pay', 2)];
    expect(summary(toConversationTimeline([anonymous, end], [turn(1000)], steps, RANGE_END))).toEqual([
      [0, 'start', 'started', ''],
      [1000, 'turn', 'chat', '10 ms'],
      [5000, 'end', 'ended: completed', ''],
    ]);
    expect(summary(toConversationTimeline([start, end], [], [], RANGE_END))).toEqual([
      [0, 'start', 'started', ''],
      [5000, 'end', 'ended: completed', ''],
    ]);
  });
});
