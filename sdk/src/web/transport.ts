import { backoffDelay } from '../backoff';
import { sizeOption, toCount } from '../limits';

/** Why events were dropped: the values of `bilan.sdk.dropped.reason`. */
export type DropReason = 'queue_full' | 'export_failed';

interface TransportOptions<T> {
  /** Full URL events are POSTed to, e.g. `http://127.0.0.1:4318/v1/logs`. */
  url: string;
  headers?: Record<string, string>;
  /** Events per request; a full batch is sent at once. Default 10. */
  maxEvents?: number;
  /** Longest wait before a partial batch is sent, in ms. Default 1000. */
  intervalMs?: number;
  /** Events held while the collector is slow or away; beyond it the oldest are dropped and counted. Default 1000. */
  maxQueue?: number;
  /** First wait before a batch that met 408, 429, 5xx or a network error is tried again, in ms; doubles, with full jitter, up to 30 s. Default 500. */
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
 * are sent in batches; a batch that meets 408, 429, 5xx or a network error goes back to the front of the
 * queue and is tried again after a capped, jittered exponential backoff, for as long as the collector
 * is away. Only the queue bound (oldest first) or a refusal (other 4xx) loses events, never silently:
 * every drop is reported through `onDrop` and, once the collector answers again, as a dropped-count event.
 */
export function createTransport<T>(options: TransportOptions<T>) {
  const maxEvents = sizeOption(options.maxEvents, 10);
  const intervalMs = toCount(options.intervalMs) ?? 1000;
  const maxQueue = sizeOption(options.maxQueue, 1000);
  const baseDelayMs = toCount(options.baseDelayMs) ?? 500;
  const headers = { 'content-type': 'application/json', ...options.headers };
  const queue: T[] = [];
  const dropped: Record<DropReason, number> = { queue_full: 0, export_failed: 0 };
  let timer: ReturnType<typeof setTimeout> | undefined;
  let draining: Promise<void> | undefined;
  /** Failed attempts in a row: the backoff step. */
  let failures = 0;

  const drop = (count: number, reason: DropReason, detail: string) => {
    dropped[reason] += count;
    options.onDrop(count, reason, detail);
  };

  /** Drops the oldest events beyond the bound. */
  const trim = () => {
    const over = queue.length - maxQueue;
    if (over > 0) drop(queue.splice(0, over).length, 'queue_full', `${maxQueue} waiting`);
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

  /** Sends one batch; answers false to stop: the collector is away (the batch went back to the queue) or refused it. */
  const send = async (batch: T[]): Promise<boolean> => {
    const [extra, carried] = takeDropped();
    let detail: string;
    let status = 0;
    try {
      const response = await post(options.encode(batch.concat(extra)));
      if (response.ok) {
        failures = 0;
        return true;
      }
      status = response.status;
      detail = `HTTP ${status}`;
    } catch (error) {
      detail = String(error);
    }
    for (const reason in carried) dropped[reason as DropReason] += carried[reason as DropReason];
    // A network error, a timeout, a rate limit or a server error can pass later; another 4xx cannot.
    if (!status || status === 408 || status === 429 || status > 499) {
      queue.unshift(...batch);
      trim();
      failures++;
      return false;
    }
    if (batch.length) drop(batch.length, 'export_failed', detail);
    return false;
  };

  const drain = async () => {
    while (queue.length || dropped.queue_full || dropped.export_failed)
      if (!(await send(queue.splice(0, maxEvents)))) break;
  };

  /** Sends everything queued; resolves when done (or given up). Never rejects. */
  const flush = (): Promise<void> => {
    clearTimeout(timer);
    timer = undefined;
    draining ??= drain()
      .catch((error) => options.onDrop(0, 'export_failed', String(error)))
      .finally(() => {
        draining = undefined;
        // Left over only when the collector is away: try again after the backoff.
        if (queue.length) {
          clearTimeout(timer);
          timer = setTimeout(flush, backoffDelay(failures - 1, baseDelayMs, 30_000));
          // In Node a retry alone must not keep the process alive (browsers' timers are numbers).
          (timer as { unref?: () => void }).unref?.();
        }
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
    /** Queues one event; a full batch is sent at once, a partial one after `intervalMs` (during an outage, after the backoff). */
    push(event: T) {
      queue.push(event);
      trim();
      // While a retry waits out its backoff it sends this event too; without one (none yet, or an
      // unload cleared it) the event schedules its own send.
      (failures && timer !== undefined) || schedule(queue.length >= maxEvents ? 0 : intervalMs);
    },
    flush,
    /**
     * For a page being hidden or unloaded: sends what is queued (a batch waiting for its retry included) at
     * once with keepalive, as many events as fit the browser's keepalive budget; the rest are reported dropped.
     */
    unload() {
      clearTimeout(timer);
      timer = undefined;
      const events = queue.splice(0);
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
