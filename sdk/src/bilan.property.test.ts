import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { callWith, hostileCall, hostileInput as input } from '../test/hostile-input';
import { inMemoryBilan } from '../test/in-memory';
import { createBilan } from './bilan';

describe('no public function throws, whatever it is given', () => {
  it('createBilan accepts any options', () => {
    fc.assert(fc.property(input, (options) => void createBilan(options as never)));
  });

  it('every event method returns normally', () => {
    const { bilan } = inMemoryBilan({ onError: () => {} });
    fc.assert(
      fc.property(hostileCall, (call) => callWith(bilan, call)),
      { numRuns: 1000 },
    );
  });

  it('startConversation always answers an id', () => {
    const { bilan } = inMemoryBilan({ onError: () => {} });
    fc.assert(fc.property(input, (options) => typeof bilan.startConversation(options as never) === 'string'));
  });

  it('trackTurn resolves with the result, or rejects with exactly what the call threw', async () => {
    const { bilan } = inMemoryBilan({ onError: () => {} });
    await fc.assert(
      fc.asyncProperty(input, input, fc.boolean(), async (outcome, options, fails) => {
        const call = () => (fails ? Promise.reject(outcome) : outcome);
        const settled = await bilan.trackTurn(call, options as never).then(
          (value) => ({ value }),
          (error: unknown) => ({ error }),
        );
        if (fails) expect(settled).toEqual({ error: outcome });
        else expect(settled).toMatchObject({ value: { result: outcome, turn: { turnId: expect.any(String) } } });
      }),
      { numRuns: 200 },
    );
  });

  it('trackTurn without a function resolves, and flush and shutdown never reject', async () => {
    const { bilan, errors } = inMemoryBilan();
    await fc.assert(
      fc.asyncProperty(input, async (notAFunction) => {
        await bilan.trackTurn(notAFunction as never);
      }),
      { numRuns: 50 },
    );
    expect(errors.length).toBeGreaterThan(0);
    await expect(bilan.flush()).resolves.toBeUndefined();
    await expect(bilan.shutdown()).resolves.toBeUndefined();
  });

  it('a throwing onError hook does not escape', () => {
    const { bilan } = inMemoryBilan({
      onError: () => {
        throw new Error('hook');
      },
    });
    expect(() => bilan.vote(null as never, Number.NaN)).not.toThrow();
  });
});
