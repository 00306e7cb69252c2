import { ATTR, EVALUATION_NAME, EVENT } from '@bilan/contract';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { inMemoryBilan } from '../test/in-memory';
import { LIMITS } from './limits';
import type { TurnRef } from './turn-ref';

const turnOptions = {
  feature: 'support-chat',
  model: 'gpt-4o',
  provider: 'openai',
  promptVersion: 'v3',
  conversationId: 'conv-1',
  userId: 'user-1',
  usage: (r: { in: number; out: number }) => ({ inputTokens: r.in, outputTokens: r.out, responseModel: 'gpt-4o-2024' }),
};

describe('trackTurn', () => {
  it('records a CLIENT span with every GenAI and Bilan attribute and returns a TurnRef', async () => {
    const t = inMemoryBilan();
    const { result, turn } = await t.bilan.trackTurn(async () => ({ in: 12, out: 34 }), turnOptions);
    expect(result).toEqual({ in: 12, out: 34 });
    const [span] = t.spans();
    expect(span?.name).toBe('chat gpt-4o');
    expect(span?.kind).toBe(SpanKind.CLIENT);
    expect(span?.attributes).toEqual({
      [ATTR.operationName]: 'chat',
      [ATTR.providerName]: 'openai',
      [ATTR.requestModel]: 'gpt-4o',
      [ATTR.responseModel]: 'gpt-4o-2024',
      [ATTR.conversationId]: 'conv-1',
      [ATTR.inputTokens]: 12,
      [ATTR.outputTokens]: 34,
      [ATTR.turnId]: turn.turnId,
      [ATTR.feature]: 'support-chat',
      [ATTR.promptVersion]: 'v3',
      [ATTR.userId]: 'user-1',
    });
    expect(span?.status.code).toBe(SpanStatusCode.UNSET);
    const { traceId, spanId } = span?.spanContext() ?? {};
    expect(turn).toEqual({
      turnId: expect.stringMatching(/^[0-9a-f-]{32,36}$/),
      traceparent: `00-${traceId}-${spanId}-01`,
      feature: 'support-chat',
      model: 'gpt-4o',
      promptVersion: 'v3',
      conversationId: 'conv-1',
    });
    expect(t.errors).toEqual([]);
  });

  it('records a classified failure and rethrows the original error', async () => {
    const t = inMemoryBilan();
    const failure = Object.assign(new Error('slow down'), { status: 429 });
    await expect(
      t.bilan.trackTurn(() => Promise.reject(failure), { model: 'm', operation: 'text_completion' }),
    ).rejects.toBe(failure);
    const [span] = t.spans();
    expect(span?.name).toBe('text_completion m');
    expect(span?.attributes[ATTR.errorType]).toBe('rate_limit');
    expect(span?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'rate_limit' });
  });

  it('times out, retries retryable failures, and records one span in seconds-accurate time', async () => {
    const t = inMemoryBilan();
    let calls = 0;
    const { result } = await t.bilan.trackTurn(
      (signal) => {
        calls++;
        if (calls === 1)
          return new Promise((_, reject) => signal?.addEventListener('abort', () => reject(signal.reason)));
        return 'second try';
      },
      { model: 'm', timeoutMs: 30, retries: 2 },
    );
    expect(result).toBe('second try');
    expect(calls).toBe(2);
    expect(t.spans()).toHaveLength(1);
    const [seconds, nanos] = t.spans()[0]?.duration ?? [0, 0];
    expect(seconds + nanos / 1e9).toBeGreaterThanOrEqual(0.025);
    expect(seconds).toBeLessThan(5);
  });

  it('records timeout as error.type when every attempt times out', async () => {
    const t = inMemoryBilan();
    await expect(t.bilan.trackTurn(() => new Promise(() => {}), { timeoutMs: 10 })).rejects.toThrow(/timed out/);
    expect(t.spans()[0]?.attributes[ATTR.errorType]).toBe('timeout');
  });

  it('keeps prompt and response text only at the privacy levels that allow it', async () => {
    const call = () => Promise.resolve('reply to a@b.io');
    const opts = { input: 'my mail is a@b.io', output: (r: string) => r };
    const metadata = inMemoryBilan();
    await metadata.bilan.trackTurn(call, opts);
    expect(metadata.spans()[0]?.attributes[ATTR.inputMessages]).toBeUndefined();
    const redacted = inMemoryBilan({ privacy: { level: 'redacted' } });
    await redacted.bilan.trackTurn(call, opts);
    expect(redacted.spans()[0]?.attributes).toMatchObject({
      [ATTR.inputMessages]: 'my mail is [email]',
      [ATTR.outputMessages]: 'reply to [email]',
    });
  });

  it('still runs the call when a usage reader throws, and reports it', async () => {
    const t = inMemoryBilan();
    const { result } = await t.bilan.trackTurn(() => 1, {
      usage: () => {
        throw new Error('bad usage');
      },
    });
    expect(result).toBe(1);
    expect(t.spans()).toHaveLength(1);
    expect(t.errors[0]?.message).toMatch(/bad usage/);
  });
});

describe('vote', () => {
  it('emits gen_ai.evaluation.result in the turn trace with every label the metrics need', async () => {
    const t = inMemoryBilan();
    t.bilan.identify('user-9');
    const { turn } = await t.bilan.trackTurn(() => ({ in: 1, out: 2 }), turnOptions);
    // The turn travels as JSON, as it would to a browser.
    t.bilan.vote(JSON.parse(JSON.stringify(turn)) as TurnRef, -1, { comment: 'wrong, write to me at a@b.io' });
    const [event] = t.events();
    expect(event?.eventName).toBe(EVENT.evaluationResult);
    expect(event?.attributes).toEqual({
      [ATTR.evaluationName]: EVALUATION_NAME.userFeedback,
      [ATTR.evaluationScoreValue]: -1,
      [ATTR.evaluationScoreLabel]: 'negative',
      [ATTR.evaluationExplanation]: 'wrong, write to me at [email]',
      [ATTR.turnId]: turn.turnId,
      [ATTR.conversationId]: 'conv-1',
      [ATTR.feature]: 'support-chat',
      [ATTR.requestModel]: 'gpt-4o',
      [ATTR.promptVersion]: 'v3',
      [ATTR.userId]: 'user-9',
    });
    const span = t.spans()[0];
    expect(event?.spanContext?.traceId).toBe(span?.spanContext().traceId);
    expect(event?.spanContext?.spanId).toBe(span?.spanContext().spanId);
    expect(event?.resource.attributes['service.name']).toBe('test-app');
  });

  it('maps a scale to positive/negative', () => {
    const t = inMemoryBilan();
    t.bilan.vote({ turnId: 't' }, 4, { scale: { min: 1, max: 5 } });
    expect(t.events()[0]?.attributes).toMatchObject({
      [ATTR.evaluationScoreValue]: 4,
      [ATTR.evaluationScoreLabel]: 'positive',
    });
  });

  it('drops NaN and unknown ratings and reports them', () => {
    const t = inMemoryBilan();
    t.bilan.vote({ turnId: 't' }, Number.NaN);
    t.bilan.vote({ turnId: 't' }, 'great' as never);
    expect(t.events()).toHaveLength(0);
    expect(t.errors).toHaveLength(2);
  });

  it('reports a snake_case turn reference instead of silently losing its labels', () => {
    const t = inMemoryBilan();
    t.bilan.vote({ turn_id: 't', prompt_version: 'v1' } as never, 1);
    expect(t.errors.map((e) => e.message).join()).toMatch(/snake_case/);
    expect(t.events()[0]?.attributes[ATTR.evaluationScoreLabel]).toBe('positive');
  });

  it('truncates a megabyte comment to the documented limit', () => {
    const t = inMemoryBilan();
    t.bilan.vote({ turnId: 't' }, 1, { comment: 'x'.repeat(1_000_000) });
    expect(String(t.events()[0]?.attributes[ATTR.evaluationExplanation])).toHaveLength(LIMITS.maxTextLength);
  });
});

describe('conversations, journeys, regeneration, custom events, page load', () => {
  it('emits every contract event with its attributes', async () => {
    const t = inMemoryBilan();
    t.bilan.identify('u1');
    const id = t.bilan.startConversation({ feature: 'support-chat' });
    t.bilan.conversationFeedback(id, 1, { comment: 'good' });
    t.bilan.endConversation(id, 'escalated');
    const { turn } = await t.bilan.trackTurn(() => 'x', { feature: 'f', model: 'm', promptVersion: 'p' });
    t.bilan.regenerate(turn);
    t.bilan.journeyStep('onboarding', 'welcome');
    t.bilan.journeyStep('onboarding', 'connect');
    t.bilan.completeJourney('onboarding');
    t.bilan.abandonJourney('checkout');
    t.bilan.track('exported_report', { format: 'pdf', pages: 3 });
    t.bilan.reportPageLoad(1.25);

    const events = t.events().map((e) => [e.eventName, e.attributes]);
    expect(events).toEqual([
      [EVENT.conversationStart, { [ATTR.conversationId]: id, [ATTR.feature]: 'support-chat', [ATTR.userId]: 'u1' }],
      [
        EVENT.evaluationResult,
        {
          [ATTR.evaluationName]: EVALUATION_NAME.conversationFeedback,
          [ATTR.evaluationScoreValue]: 1,
          [ATTR.evaluationScoreLabel]: 'positive',
          [ATTR.evaluationExplanation]: 'good',
          [ATTR.conversationId]: id,
          [ATTR.feature]: 'support-chat',
          [ATTR.userId]: 'u1',
        },
      ],
      [
        EVENT.conversationEnd,
        {
          [ATTR.conversationId]: id,
          [ATTR.conversationOutcome]: 'escalated',
          [ATTR.feature]: 'support-chat',
          [ATTR.userId]: 'u1',
        },
      ],
      [
        EVENT.turnRegenerate,
        {
          [ATTR.turnId]: turn.turnId,
          [ATTR.feature]: 'f',
          [ATTR.requestModel]: 'm',
          [ATTR.promptVersion]: 'p',
          [ATTR.userId]: 'u1',
        },
      ],
      [
        EVENT.journeyStep,
        {
          [ATTR.journeyName]: 'onboarding',
          [ATTR.journeyStep]: 'welcome',
          [ATTR.journeyStepIndex]: 0,
          [ATTR.userId]: 'u1',
        },
      ],
      [
        EVENT.journeyStep,
        {
          [ATTR.journeyName]: 'onboarding',
          [ATTR.journeyStep]: 'connect',
          [ATTR.journeyStepIndex]: 1,
          [ATTR.userId]: 'u1',
        },
      ],
      [EVENT.journeyEnd, { [ATTR.journeyName]: 'onboarding', [ATTR.journeyOutcome]: 'completed', [ATTR.userId]: 'u1' }],
      [EVENT.journeyEnd, { [ATTR.journeyName]: 'checkout', [ATTR.journeyOutcome]: 'abandoned', [ATTR.userId]: 'u1' }],
      [EVENT.custom, { [ATTR.customEventName]: 'exported_report', format: 'pdf', pages: 3, [ATTR.userId]: 'u1' }],
      [EVENT.pageLoad, { [ATTR.pageLoadDuration]: 1.25, [ATTR.userId]: 'u1' }],
    ]);
    expect(t.events()[3]?.spanContext?.traceId).toBe(turn.traceparent?.slice(3, 35));
    expect(t.errors).toEqual([]);
  });

  it('rejects an unknown outcome and a page load in milliseconds, reporting both', () => {
    const t = inMemoryBilan();
    t.bilan.endConversation('c', 'done' as never);
    t.bilan.reportPageLoad(1250);
    expect(t.events()).toHaveLength(0);
    expect(t.errors).toHaveLength(2);
  });

  it('drops the user id at privacy level none', () => {
    const t = inMemoryBilan({ privacy: { level: 'none' } });
    t.bilan.identify('u1');
    t.bilan.vote({ turnId: 't' }, 1, { comment: 'hi' });
    expect(t.events()[0]?.attributes).not.toHaveProperty(ATTR.userId);
    expect(t.events()[0]?.attributes).not.toHaveProperty(ATTR.evaluationExplanation);
  });

  it('reports events after shutdown instead of dropping them silently', async () => {
    const t = inMemoryBilan();
    await t.bilan.shutdown();
    t.bilan.vote({ turnId: 't' }, 1);
    expect(t.errors[0]?.message).toMatch(/shut down/);
  });
});
