import { backoffDelay, sleep } from '../backoff';
import { sizeOption, toCount } from '../limits';

/** Why events were dropped: the values of `bilan.sdk.dropped.reason`. */
export type DropReason = 'queue_full' | 'export_failed';

export interface TransportOptions<T> {
  /** Full URL events are POSTed to, e.g. `http://127.0.0.1:4318/v1/logs`. */
  url: string;
  headers?: Record<string, string>;
  /** Events per request; a full batch is sent at once. Default 10. */
  maxEvents?: number;
  /** Longest wait before a partial batch is sent, in ms. Default 1000. */
  intervalMs?: number;
  /** Events held while the collector is slow or away; beyond it they are dropped and counted. Default 1000. */
  maxQueue?: number;
  /** Tries per batch on 429, 5xx and network errors. Default 5. */
  maxAttempts?: number;
  /** First backoff step in ms; doubles each try, with jitter, up to 30 s. Default 500. */
  baseDelayMs?: number;
  /** The request body for a batch of events. */
  encode: (events: T[]) => string;
  /** An event that tells the collector how many events were dropped and why. */
  droppedEvent: (count: number, reason: DropReason) => T;
  /** Told about every drop. */
  onDrop: (count: number, reason: DropReason, detail: string) => void;
}

/** Browsers refuse keepalive requests once 64 KiB are in flight; stay under it. */
export const KEEPALIVE_LIMIT = 60_000;

/**
 * A lean batching OTLP/HTTP JSON transport for browsers (and Node ≥ 18, whose fetch it uses). Events
 * are sent in batches, retried with backoff on 429, 5xx and network errors, and never lost silently:
 * every drop is reported through `onDrop` and, once the collector answers again, as a dropped-count event.
 */
export function createTransport<T>(options: TransportOptions<T>) {
  const maxEvents = sizeOption(options.maxEvents, 10);
  const intervalMs = toCount(options.intervalMs) ?? 1000;
  const maxQueue = sizeOption(options.maxQueue, 1000);
  const maxAttempts = sizeOption(options.maxAttempts, 5);
  const baseDelayMs = toCount(options.baseDelayMs) ?? 500;
  const headers = { 'content-type': 'application/json', ...options.headers };
  const queue: T[] = [];
  const dropped: Record<DropReason, number> = { queue_full: 0, export_failed: 0 };
  let timer: ReturnType<typeof setTimeout> | undefined;
  let draining: Promise<void> | undefined;
  /** The batch waiting between retries, so an unload can still send it. */
  let retrying: T[] | undefined;

  const drop = (count: number, reason: DropReason, detail: string) => {
    dropped[reason] += count;
    options.onDrop(count, reason, detail);
  };

  /** Dropped counts as events, handed over (and reset) for the next request. */
  const takeDropped = (): [T[], Record<DropReason, number>] => {
    const carried = { ...dropped };
    const events: T[] = [];
    for (const reason in carried) {
      const count = carried[reason as DropReason];
      if (count) events.push(options.droppedEvent(count, reason as DropReason));
      dropped[reason as DropReason] = 0;
    }
    return [events, carried];
  };

  const post = async (body: string) => {
    const response = await fetch(options.url, {
      method: 'POST',
      headers,
      body,
      keepalive: body.length <= KEEPALIVE_LIMIT,
    });
    // An unread body would hold its connection (and memory) until collected.
    response.body?.cancel().catch(() => {});
    return response;
  };

  /** Sends one batch with retries; answers whether it arrived. */
  const send = async (batch: T[]): Promise<boolean> => {
    const [extra, carried] = takeDropped();
    const body = options.encode(batch.concat(extra));
    let detail = '';
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      if (attempt) {
        retrying = batch;
        await sleep(backoffDelay(attempt - 1, baseDelayMs, 30_000));
        if (retrying !== batch) return true; // an unload took the batch over
        retrying = undefined;
      }
      try {
        const response = await post(body);
        if (response.ok) return true;
        detail = `HTTP ${response.status}`;
        // Only a timeout, a rate limit or a server error can pass on a retry.
        if (response.status !== 408 && response.status !== 429 && response.status < 500) break;
      } catch (error) {
        detail = String(error);
      }
    }
    for (const reason in carried) dropped[reason as DropReason] += carried[reason as DropReason];
    if (batch.length) drop(batch.length, 'export_failed', detail);
    return false;
  };

  const drain = async () => {
    while (queue.length || dropped.queue_full || dropped.export_failed) {
      const delivered = await send(queue.splice(0, maxEvents));
      // With the collector away, leave the rest queued for the next timer instead of spinning.
      if (!delivered) break;
    }
  };

  /** Sends everything queued; resolves when done (or given up). Never rejects. */
  const flush = (): Promise<void> => {
    clearTimeout(timer);
    timer = undefined;
    draining ??= drain()
      .catch((error) => options.onDrop(0, 'export_failed', String(error)))
      .finally(() => {
        draining = undefined;
        if (queue.length) schedule(intervalMs);
      });
    return draining;
  };

  const schedule = (delay: number) => {
    if (timer === undefined || delay === 0) {
      clearTimeout(timer);
      timer = setTimeout(flush, delay);
    }
  };

  return {
    /** Queues one event; a full batch is sent at once, a partial one after `intervalMs`. */
    push(event: T) {
      if (queue.length >= maxQueue) return drop(1, 'queue_full', `${maxQueue} waiting`);
      queue.push(event);
      schedule(queue.length >= maxEvents ? 0 : intervalMs);
    },
    flush,
    /**
     * For a page being hidden or unloaded: sends what is queued (and a batch between retries) at once
     * with keepalive, as many events as fit the browser's keepalive budget; the rest are reported dropped.
     */
    unload() {
      clearTimeout(timer);
      timer = undefined;
      const events = (retrying ?? []).concat(queue.splice(0));
      retrying = undefined;
      const [extra] = takeDropped();
      let batch = events.concat(extra);
      let body = options.encode(batch);
      while (body.length > KEEPALIVE_LIMIT && batch.length > 1) {
        batch = batch.slice(0, Math.floor(batch.length / 2));
        body = options.encode(batch);
      }
      const lost = events.length + extra.length - batch.length;
      if (lost > 0) drop(lost, 'export_failed', 'over the keepalive budget at unload');
      if (batch.length) post(body).catch((error) => drop(batch.length, 'export_failed', String(error)));
    },
    /**
     * Posts an empty request so the browser's CORS preflight is done (and cached) before an unload
     * needs it: a keepalive request that still waits for its preflight when the page dies is lost.
     */
    warmUp() {
      // The collector being away shows on the first real send, which is counted.
      post('{"resourceLogs":[]}').catch(() => {});
    },
    /** Events waiting to be sent. */
    size: () => queue.length,
  };
}
