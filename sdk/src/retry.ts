import { backoffDelay, sleep } from './backoff';
import { classifyError, isRetryable, TurnTimeoutError } from './errors';

type ListenerCount = (signal: AbortSignal) => number;

/** Node's `events.getEventListeners`, reached without importing `node:events` (browsers have no such count). */
function nodeListenerCount(): ListenerCount | undefined {
  try {
    const host = globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } };
    const events = host.process?.getBuiltinModule?.('node:events') as
      | { getEventListeners?: (target: EventTarget, type: string) => unknown[] }
      | undefined;
    const list = events?.getEventListeners;
    if (typeof list !== 'function') return undefined;
    // A global AbortController that is not Node's (jsdom's, in tests of DOM code) cannot be counted.
    list(new AbortController().signal, 'abort');
    return (signal) => list(signal, 'abort').length;
  } catch {
    return undefined;
  }
}

/**
 * Hands out the signal of a call without a timeout. It never fires, so one serves every call as long as
 * nothing listens to it: a new AbortController per call was a third of a turn's cost in Node 20 (bench/run.ts:
 * 1.78-1.88x the bare span calls with it, 1.26-1.31x without). Once a call adds a listener the signal is handed
 * out no more, so a listener never removed keeps only its own call's objects, and listeners never pile up on
 * one signal (eleven would make Node print a MaxListeners warning). Where listeners cannot be counted
 * (browsers), each call gets a signal of its own.
 */
export function quietSignals(listenerCount: ListenerCount | undefined): () => AbortSignal {
  if (!listenerCount) return () => new AbortController().signal;
  let shared = new AbortController().signal;
  return () => {
    try {
      if (listenerCount(shared) > 0) shared = new AbortController().signal;
      return shared;
    } catch {
      return new AbortController().signal;
    }
  };
}

const quietSignal = quietSignals(nodeListenerCount());

/**
 * Runs `call` with an AbortSignal that fires, and a rejection with TurnTimeoutError, after `timeoutMs`.
 * Without a timeout the signal never fires; it is always given, so a call can pass it on unchecked.
 */
export async function withTimeout<T>(call: (signal: AbortSignal) => T | Promise<T>, timeoutMs?: number): Promise<T> {
  if (!timeoutMs || !(timeoutMs > 0) || !Number.isFinite(timeoutMs)) return call(quietSignal());
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new TurnTimeoutError(timeoutMs);
      controller.abort(error);
      reject(error);
    }, timeoutMs);
  });
  try {
    return await Promise.race([Promise.resolve().then(() => call(controller.signal)), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

interface RetryOptions {
  /** Extra attempts after the first. Default 0. */
  retries?: number;
  /** Per-attempt timeout in ms. Default none. */
  timeoutMs?: number;
  /** First backoff step in ms. Default 250. */
  baseDelayMs?: number;
  /** Largest backoff in ms. Default 8000. */
  maxDelayMs?: number;
}

/**
 * Calls `call` until it succeeds, its error is not retryable (auth, context limit, unknown), or
 * `retries` extra attempts are used. Resolves with the result and the attempt count; rejects with the last error.
 */
export async function callWithRetries<T>(
  call: (signal: AbortSignal) => T | Promise<T>,
  options: RetryOptions = {},
): Promise<{ result: T; attempts: number }> {
  const retries = Math.min(10, Math.max(0, Math.floor(Number(options.retries) || 0)));
  for (let attempt = 0; ; attempt++) {
    try {
      return { result: await withTimeout(call, options.timeoutMs), attempts: attempt + 1 };
    } catch (error) {
      if (attempt >= retries || !isRetryable(classifyError(error))) throw error;
      await sleep(backoffDelay(attempt, options.baseDelayMs ?? 250, options.maxDelayMs ?? 8000));
    }
  }
}
