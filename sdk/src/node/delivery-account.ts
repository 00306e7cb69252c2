import type { LogRecordProcessor } from '@opentelemetry/sdk-logs';
import type { SpanProcessor } from '@opentelemetry/sdk-trace';

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

/** Why items were lost: the values of `bilan.sdk.dropped.reason`. */
export type LossReason = 'queue_full' | 'export_failed';

/**
 * Counts the items of one signal between the SDK's batch processor and the collector, so none is
 * lost silently: the OpenTelemetry batch processors only warn through `diag` when their queue
 * overflows, so items beyond `maxQueue` are refused here first, counted and reported; a batch the
 * OTLP exporter finally gives up on (after its own retries of 429, 502, 503, 504 and network errors)
 * is counted and reported too.
 */
export function createDeliveryAccount(
  kind: string,
  maxQueue: number,
  onLost: (count: number, reason: LossReason, message: string) => void,
  onDelivered: () => void = () => {},
) {
  let inFlight = 0;
  const admit = (): boolean => {
    if (inFlight >= maxQueue) {
      onLost(1, 'queue_full', `1 ${kind} dropped: ${maxQueue} already waiting for export`);
      return false;
    }
    inFlight++;
    return true;
  };
  return {
    inFlight: () => inFlight,
    exporter<T>(inner: Exporter<T>): Exporter<T> {
      return {
        export(items, done) {
          inner.export(items, (result) => {
            inFlight = Math.max(0, inFlight - items.length);
            if (result.code === 0) onDelivered();
            else
              onLost(
                items.length,
                'export_failed',
                `${items.length} ${kind} not delivered: ${result.error?.message ?? 'export failed'}`,
              );
            done(result);
          });
        },
        shutdown: () => inner.shutdown(),
        forceFlush: () => inner.forceFlush?.() ?? Promise.resolve(),
      };
    },
    spanProcessor(inner: SpanProcessor): SpanProcessor {
      return {
        onStart: (span, parent) => inner.onStart(span, parent),
        // Unsampled spans are never exported, so they are neither counted nor refused.
        onEnd: (span) => {
          if (!(span.spanContext().traceFlags & 1) || admit()) inner.onEnd(span);
        },
        forceFlush: () => inner.forceFlush(),
        shutdown: () => inner.shutdown(),
      };
    },
    logProcessor(inner: LogRecordProcessor): LogRecordProcessor {
      return {
        onEmit: (record, context) => {
          if (admit()) inner.onEmit(record, context);
        },
        forceFlush: () => inner.forceFlush(),
        shutdown: () => inner.shutdown(),
      };
    },
  };
}
