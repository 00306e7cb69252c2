import { backoffDelay, sleep } from './backoff';
import { classifyError, isRetryable, TurnTimeoutError } from './errors';

/**
 * Runs `call` with an AbortSignal that fires, and a rejection with TurnTimeoutError, after `timeoutMs`.
 * Without a timeout the signal never fires; it is always given, so a call can pass it on unchecked.
 */
export async function withTimeout<T>(call: (signal: AbortSignal) => T | Promise<T>, timeoutMs?: number): Promise<T> {
  const controller = new AbortController();
  if (!timeoutMs || !(timeoutMs > 0) || !Number.isFinite(timeoutMs)) return call(controller.signal);
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
