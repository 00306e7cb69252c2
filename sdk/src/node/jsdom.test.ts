// @vitest-environment jsdom
// Apps test React code under jsdom and import the node entry there (the plugin's tests send the reference
// workload that way): the entry must load and deliver in that environment too.
import { EVENT } from '@bilan/contract';
import { afterAll, describe, expect, it } from 'vitest';
import { startReceiver } from '../../test/otlp-receiver';
import { initBilan } from './index';

const receivers: Awaited<ReturnType<typeof startReceiver>>[] = [];
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.stop()));
});

describe('node entry under vitest jsdom', () => {
  it('runs in a DOM environment and a vote lands in its turn trace', async () => {
    expect(typeof window).toBe('object');
    const receiver = await startReceiver();
    receivers.push(receiver);
    const errors: Error[] = [];
    const bilan = initBilan({ endpoint: receiver.url, serviceName: 'jsdom', onError: (e) => errors.push(e) });
    const { turn } = await bilan.trackTurn(() => 'ok', { model: 'm' });
    bilan.vote(turn, 1);
    await bilan.shutdown();
    expect(errors).toEqual([]);
    const vote = receiver.logRecords().find((r) => r.eventName === EVENT.evaluationResult);
    expect(vote?.traceId).toBe(turn.traceparent?.slice(3, 35));
  });
});
