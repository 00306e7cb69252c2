import type { LogRecordProcessor } from '@opentelemetry/sdk-logs';
import type { SpanProcessor } from '@opentelemetry/sdk-trace';
import { backoffDelay, sleep } from '../backoff';

/** `ExportResult` of @opentelemetry/core: code 0 is success. */
export interface ExportResult {
  code: number;
  error?: Error;
}

/** What the span and log-record exporters have in common. */
export interface Exporter<T> {
  export(items: T[], done: (result: ExportResult) => void): void;
  shutdown(): Promise<void>;
  forceFlush?(): Promise<void>;
}

/**
 * `work`, or nothing once `deadline` passes. The timer keeps the process alive while an app awaits a
 * shutdown (a process whose only timer is unref'd exits mid-await), and is cleared as soon as `work` ends.
 */
async function within(work: Promise<unknown>, deadline: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
  });
  await Promise.race([work, limit]).finally(() => clearTimeout(timer));
}

/** Why items were lost: the values of `bilan.sdk.dropped.reason`. */
export type LossReason = 'queue_full' | 'export_failed';

export interface DeliveryOptions {
  /** Items waiting for delivery, in the batch processor and here together; beyond it the oldest go first. */
  maxQueue: number;
  /** Items per request when sending what waited. */
  maxBatch: number;
  /** First backoff step between attempts once the exporter gave up; doubles, with full jitter. */
  baseDelayMs: number;
  /** Longest backoff step. */
  maxDelayMs: number;
  /** Time `shutdown()` keeps trying before it reports what is left as lost. */
  shutdownTimeoutMs: number;
  /** False for an answer no retry can change (the collector refused the data). */
  isRetryable: (error: Error) => boolean;
  onLost: (count: number, reason: LossReason, message: string) => void;
  /** Called after each request the collector accepted. */
  onDelivered?: () => void;
  /** Told once per outage, when the first attempt fails. */
  onUnreachable?: (message: string) => void;
}

/**
 * Keeps one signal's items until the collector has them, so an outage costs nothing but memory.
 *
 * The OpenTelemetry JS SDK's batch processors give a batch up as soon as its export fails: the OTLP
 * exporter retries 429, 502, 503, 504 and network errors only within its `timeoutMillis` (5 attempts,
 * backoff 1 s × 1.5ⁿ up to 5 s; `otlp-exporter-base` 0.301 `retrying-transport`), so a down collector
 * costs about one batch per export timeout. Their queue drops the newest item when full, telling only
 * `diag`. So the processors keep batching, and the exporter handed to them (`exporter()`) takes each
 * batch into a queue of its own and answers success at once; that queue is sent, oldest first, through
 * the real exporter, and a batch the exporter gives up on goes back to the front and is tried again
 * after a capped, jittered exponential backoff. Beyond `maxQueue` the oldest waiting items are dropped,
 * counted and reported (during one synchronous burst larger than the bound, while everything still sits
 * in the processor, the newest are refused instead). A batch the collector refuses (HTTP 400, 401, …)
 * is lost at once, and reported.
 */
export function createDeliveryAccount(kind: string, options: DeliveryOptions) {
  const { maxQueue, onLost } = options;
  let inProcessor = 0;
  /** Handed over by the processor, not yet delivered, oldest first. */
  const waiting: unknown[] = [];
  let sending = 0;
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pumping: Promise<void> | undefined;
  let closing = false;
  let inner: Exporter<unknown> | undefined;

  const held = () => inProcessor + waiting.length + sending;
  const dropOldest = (count: number): number => {
    const n = Math.min(count, waiting.length);
    if (n > 0) {
      waiting.splice(0, n);
      onLost(n, 'queue_full', `${n} oldest ${kind} dropped: over ${maxQueue} waiting for export`);
    }
    return n;
  };
  const admit = (): boolean => {
    if (held() >= maxQueue && !dropOldest(1)) {
      onLost(1, 'queue_full', `1 ${kind} dropped: ${maxQueue} already waiting for export`);
      return false;
    }
    inProcessor++;
    return true;
  };

  const exportOnce = (batch: unknown[]) =>
    new Promise<Error | undefined>((resolve) => {
      try {
        inner?.export(batch, (result) =>
          resolve(result.code === 0 ? undefined : (result.error ?? new Error('failed'))),
        );
      } catch (error) {
        resolve(error instanceof Error ? error : new Error(String(error)));
      }
    });

  /** Sends what waits, batch by batch; on a retryable failure puts the batch back and schedules a retry. */
  const pump = (): Promise<void> =>
    (pumping ??= (async () => {
      clearTimeout(timer);
      timer = undefined;
      while (waiting.length) {
        const batch = waiting.splice(0, options.maxBatch);
        sending = batch.length;
        const error = await exportOnce(batch);
        sending = 0;
        if (!error) {
          failures = 0;
          options.onDelivered?.();
        } else if (!options.isRetryable(error)) {
          onLost(batch.length, 'export_failed', `${batch.length} ${kind} not delivered: ${error.message}`);
        } else {
          waiting.unshift(...batch);
          dropOldest(held() - maxQueue);
          if (failures++ === 0) options.onUnreachable?.(`${kind} kept for retry: ${error.message}`);
          if (!closing) {
            timer = setTimeout(pump, backoffDelay(failures - 1, options.baseDelayMs, options.maxDelayMs));
            // A retry alone must not keep the process alive, as the batch processors' own timers do not.
            timer.unref?.();
          }
          return;
        }
      }
    })().finally(() => {
      pumping = undefined;
    }));

  /** Keeps sending until everything is delivered or `deadline` passes; reports what is left as lost. */
  const drainBy = async (deadline: number) => {
    closing = true;
    clearTimeout(timer);
    for (let attempt = 0; (waiting.length || pumping) && Date.now() < deadline; attempt++) {
      await within(pump(), deadline);
      // At most half the time left, so the last attempt comes before the deadline, not at it.
      if (waiting.length)
        await sleep(Math.max(0, Math.min(backoffDelay(attempt, 100, 1000), (deadline - Date.now()) / 2)));
    }
    const left = waiting.splice(0).length + sending;
    if (left) onLost(left, 'export_failed', `${left} ${kind} not delivered: collector unreachable until shutdown`);
  };

  let shutdownDeadline: number | undefined;
  /** Sends what waits now; during an outage it does not wait for the collector: what waits stays queued and retried. */
  const flush = async () => {
    if (timer !== undefined) return;
    const sent = pump();
    await (shutdownDeadline === undefined ? sent : within(sent, shutdownDeadline));
  };
  return {
    flush,
    /** Items held now: in the processor, waiting and being sent. */
    held,
    /** Sets the moment by which `shutdown()` must be done (both signals share one). */
    closeBy(deadline: number) {
      shutdownDeadline = deadline;
    },
    exporter<T>(real: Exporter<T>): Exporter<T> {
      inner = real as Exporter<unknown>;
      return {
        export(items, done) {
          inProcessor = Math.max(0, inProcessor - items.length);
          waiting.push(...items);
          dropOldest(held() - maxQueue);
          // During a backoff the timer sends; otherwise send now.
          if (timer === undefined) void pump();
          done({ code: 0 });
        },
        forceFlush: flush,
        async shutdown() {
          const deadline = shutdownDeadline ?? Date.now() + options.shutdownTimeoutMs;
          await drainBy(deadline);
          await within(real.shutdown(), deadline);
        },
      };
    },
    spanProcessor(processor: SpanProcessor): SpanProcessor {
      return {
        onStart: (span, parent) => processor.onStart(span, parent),
        // Unsampled spans are never exported, so they are neither counted nor refused.
        onEnd: (span) => {
          if (!(span.spanContext().traceFlags & 1) || admit()) processor.onEnd(span);
        },
        forceFlush: () => processor.forceFlush(),
        shutdown: () => processor.shutdown(),
      };
    },
    logProcessor(processor: LogRecordProcessor): LogRecordProcessor {
      return {
        onEmit: (record, context) => {
          if (admit()) processor.onEmit(record, context);
        },
        forceFlush: () => processor.forceFlush(),
        shutdown: () => processor.shutdown(),
      };
    },
  };
}
