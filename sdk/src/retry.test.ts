import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { TurnTimeoutError } from './errors';
import { callWithRetries, quietSignals, withTimeout } from './retry';

describe('withTimeout', () => {
  it('rejects with TurnTimeoutError and aborts the signal', async () => {
    let seen: AbortSignal | undefined;
    const pending = withTimeout((signal) => {
      seen = signal;
      return new Promise(() => {});
    }, 20);
    await expect(pending).rejects.toBeInstanceOf(TurnTimeoutError);
    expect(seen?.aborted).toBe(true);
  });
  it('gives a signal even without a timeout, one that never fires', async () => {
    const seen = await withTimeout((signal) => signal);
    expect(seen).toBeInstanceOf(AbortSignal);
    expect(seen.aborted).toBe(false);
  });
  it('passes results and sync throws through', async () => {
    await expect(withTimeout(() => 7, 1000)).resolves.toBe(7);
    await expect(
      withTimeout(() => {
        throw new Error('sync');
      }, 1000),
    ).rejects.toThrow('sync');
  });
});

describe('quietSignals', () => {
  it('hands one signal to calls that do not listen to it, a new one once a call did', () => {
    const next = quietSignals((signal) => getEventListeners(signal, 'abort').length);
    const first = next();
    expect(next()).toBe(first);
    const onAbort = () => {};
    first.addEventListener('abort', onAbort);
    const second = next();
    expect(second).not.toBe(first);
    expect(next()).toBe(second);
    second.onabort = () => {};
    expect(next()).not.toBe(second);
    first.removeEventListener('abort', onAbort);
  });
  it('gives each call its own signal where listeners cannot be counted', () => {
    const next = quietSignals(undefined);
    expect(next()).not.toBe(next());
    const failing = quietSignals(() => {
      throw new TypeError('not an EventTarget of this realm');
    });
    expect(failing()).not.toBe(failing());
  });
  it('never piles listeners on one signal: no MaxListeners warning over 100 listening calls', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    const kept: AbortSignal[] = [];
    for (let i = 0; i < 100; i++) {
      await withTimeout((signal) => {
        signal.addEventListener('abort', () => {});
        kept.push(signal);
      });
    }
    await new Promise((resolve) => setImmediate(resolve));
    process.off('warning', onWarning);
    expect(new Set(kept).size).toBe(100);
    expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
    expect(kept.every((signal) => !signal.aborted)).toBe(true);
  });
});

describe('callWithRetries', () => {
  const fast = { baseDelayMs: 1, maxDelayMs: 2 };

  it('retries retryable errors until success', async () => {
    let calls = 0;
    const { result, attempts } = await callWithRetries(
      () => {
        calls++;
        if (calls < 3) throw Object.assign(new Error('busy'), { status: 503 });
        return 'ok';
      },
      { retries: 3, ...fast },
    );
    expect(result).toBe('ok');
    expect(attempts).toBe(3);
  });

  it('never retries auth or context-limit errors', async () => {
    for (const status of [401, 413]) {
      let calls = 0;
      await expect(
        callWithRetries(
          () => {
            calls++;
            throw Object.assign(new Error('no'), { status });
          },
          { retries: 5, ...fast },
        ),
      ).rejects.toThrow('no');
      expect(calls).toBe(1);
    }
  });

  it('gives up after the retries and rethrows the last error', async () => {
    let calls = 0;
    await expect(
      callWithRetries(
        () => {
          calls++;
          throw Object.assign(new Error(`limit ${calls}`), { status: 429 });
        },
        { retries: 2, ...fast },
      ),
    ).rejects.toThrow('limit 3');
    expect(calls).toBe(3);
  });
});
