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

const SUCCESS = 0; // ExportResultCode.SUCCESS

/**
 * Wraps an OTLP exporter (which already retries 429, 502, 503, 504 and network errors) so that a batch
 * it finally gives up on is never lost silently: the count goes to `onLost`.
 */
export function reportLosses<T>(
  exporter: Exporter<T>,
  kind: string,
  onLost: (count: number, why: string) => void,
  onDelivered: () => void = () => {},
) {
  const wrapped: Exporter<T> = {
    export(items, done) {
      exporter.export(items, (result) => {
        if (result.code === SUCCESS) onDelivered();
        else onLost(items.length, `${items.length} ${kind} not delivered: ${result.error?.message ?? 'export failed'}`);
        done(result);
      });
    },
    shutdown: () => exporter.shutdown(),
    forceFlush: () => exporter.forceFlush?.() ?? Promise.resolve(),
  };
  return wrapped;
}
