import { ATTR, EVENT, SERIES } from '@bilan/contract';
import { initBilan as initWebBilan, type TurnRef } from '@bilan/sdk/web';
import {
  attributeValue,
  queryValuesBy,
  type RunningPipeline,
  sinkLogRecords,
  startPipeline,
  storedTotal,
  waitFor,
} from '@bilan/stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The browser SDK's lean OTLP/JSON transport, run from Node (fetch) against the real Collector.
const SERVICE = 'web-app';
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const TURN: TurnRef = {
  turnId: 'turn-web-1',
  traceparent: `00-${TRACE_ID}-00f067aa0ba902b7-01`,
  feature: 'chat',
  model: 'gpt-4o-mini',
  promptVersion: 'v3',
  conversationId: 'conv-web-1',
};

let pipeline: RunningPipeline;
const errors: unknown[] = [];

beforeAll(async () => {
  pipeline = await startPipeline();
  const bilan = initWebBilan({
    endpoint: pipeline.collector.otlpHttpUrl,
    serviceName: SERVICE,
    environment: 'browser-test',
    onError: (error) => errors.push(error),
  });
  for (let i = 0; i < 7; i++) bilan.vote(TURN, 1);
  for (let i = 0; i < 3; i++) bilan.vote(TURN, -1);
  const conversation = bilan.startConversation({ feature: 'chat' });
  bilan.endConversation(conversation, 'completed', { feature: 'chat' });
  bilan.journeyStep('onboarding', 'signup', { index: 0 });
  bilan.regenerate(TURN);
  bilan.reportPageLoad(1.25);
  await bilan.flush();
});

afterAll(async () => {
  await pipeline?.stop();
});

const matchers = `service_name="${SERVICE}"`;

/** Each series of `query` summed per `by` label. */
function total(query: string, by = ''): Promise<Record<string, number>> {
  return queryValuesBy(pipeline.prometheus.url, `sum by (${by}) (${query})`, by);
}

describe('@bilan/sdk/web transport against the real Collector', () => {
  it('is accepted without errors', () => {
    expect(errors).toEqual([]);
  });

  it('counts its votes, conversations, journey steps, regenerations and page loads in Prometheus', async () => {
    await waitFor(async () => (await total(storedTotal('pageLoad', matchers))).all === 1, {
      timeoutMs: 30_000,
      what: 'the web events to reach Prometheus',
    });
    expect(await total(storedTotal('votes', matchers), 'rating')).toEqual({ positive: 7, negative: 3 });
    expect(await total(storedTotal('votes', matchers), 'prompt_version')).toEqual({ v3: 10 });
    expect(await total(storedTotal('conversationsStarted', matchers))).toEqual({ all: 1 });
    expect(await total(storedTotal('conversationsEnded', matchers), 'outcome')).toEqual({ completed: 1 });
    expect(await total(storedTotal('journeySteps', matchers), 'step')).toEqual({ signup: 1 });
    expect(await total(storedTotal('regenerations', matchers), 'model')).toEqual({ 'gpt-4o-mini': 1 });
    expect(await total(`last_over_time(${SERIES.pageLoad.name}_sum{${matchers}}[1h])`)).toEqual({ all: 1.25 });
  });

  it("puts the votes in the rated turn's trace", async () => {
    const votes = await waitFor(
      () => {
        const found = sinkLogRecords(pipeline.sink.received).filter(
          ({ record }) => record.eventName === EVENT.evaluationResult,
        );
        return found.length === 10 && found;
      },
      { timeoutMs: 30_000, what: 'the votes at the Loki exporter' },
    );
    for (const { record } of votes) {
      expect(record.traceId).toBe(TRACE_ID);
      expect(attributeValue(record.attributes, ATTR.turnId)).toBe(TURN.turnId);
    }
  });
});
