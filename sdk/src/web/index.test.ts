import { spawnSync } from 'node:child_process';
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

  it('in Node, a retry pending while the collector is away does not keep the process alive', async () => {
    const script = `
      import { initBilan } from ${JSON.stringify(new URL('./index.ts', import.meta.url).pathname)};
      const bilan = initBilan({ endpoint: 'http://127.0.0.1:9', serviceName: 'exit', batch: { baseDelayMs: 60000 } });
      bilan.vote({ turnId: 't' }, 1);
      await bilan.flush();
    `;
    // Exits once the first attempt failed, instead of waiting for the minute-long retry (or forever).
    const { status } = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      timeout: 20_000,
    });
    expect(status).toBe(0);
  });

  it('accepts any options whatsoever without throwing', async () => {
    const r = await startReceiver();
    receivers.push(r);
    await assertAcceptsAnyOptions(initBilan, r.url);
  });
});
