import { afterEach, describe, expect, it } from 'vitest';
import { assertAcceptsAnyOptions } from '../../test/any-options';
import { startReceiver } from '../../test/otlp-receiver';
import { initBilan } from './index';

const receivers: Awaited<ReturnType<typeof startReceiver>>[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.stop()));
});

describe('web initBilan from Node', () => {
  it('delivers events through the same transport; a bad endpoint is retried like an unreachable one, never thrown', async () => {
    const receiver = await startReceiver();
    receivers.push(receiver);
    const bilan = initBilan({ endpoint: `${receiver.url}/`, serviceName: 'node-web' });
    bilan.journeyStep('onboarding', 'welcome');
    await bilan.flush();
    expect(receiver.logRecords().map((r) => r.eventName)).toEqual(['bilan.journey.step']);

    const errors: Error[] = [];
    const broken = initBilan({
      endpoint: 'not a url',
      serviceName: 'x',
      onError: (e) => errors.push(e),
      batch: { maxQueue: 1 },
    });
    broken.track('kept', {});
    await broken.flush();
    expect(errors).toEqual([]);
    broken.track('newer', {});
    expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(/^1 events dropped \(queue_full\)/)]);
    await broken.shutdown();
    expect(() => initBilan(null as never)).not.toThrow();
  });

  it('accepts any options whatsoever without throwing', async () => {
    const r = await startReceiver();
    receivers.push(r);
    await assertAcceptsAnyOptions(initBilan, r.url);
  });
});
