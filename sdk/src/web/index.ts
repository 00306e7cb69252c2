import { ATTR, EVENT, RESOURCE_ATTR } from '@bilan/contract';
import type { LoggerProvider, LogRecord } from '@opentelemetry/api';
import { type Bilan, type BilanOptions, createBilan, SDK_NAME, SDK_VERSION } from '../bilan';
import { encodeLogRecord, encodeLogsRequest, type OtlpLogRecord, toKeyValues } from './otlp-json';
import { createTransport, type DropReason } from './transport';

export interface WebBilanOptions extends Omit<BilanOptions, 'loggerProvider' | 'pipeline'> {
  /** OTLP/HTTP base URL of the collector; `/v1/logs` is appended. Its receiver must allow this page's origin (CORS). */
  endpoint: string;
  serviceName: string;
  serviceVersion?: string;
  /** `deployment.environment.name`. */
  environment?: string;
  /** Sent with every request; a header other than content-type makes the browser ask CORS first. */
  headers?: Record<string, string>;
  batch?: {
    /** Default 10. */
    maxEvents?: number;
    /** Default 1000 ms. */
    intervalMs?: number;
    /** Default 1000 events. */
    maxQueue?: number;
    /** Tries per batch on 429, 5xx and network errors. Default 5. */
    maxAttempts?: number;
    /** First backoff step. Default 500 ms. */
    baseDelayMs?: number;
  };
  /** Report `bilan.page.load` from the Navigation Timing entry. Default true. */
  reportPageLoad?: boolean;
}

/**
 * Sets up Bilan in a browser with a lean OTLP/JSON transport for events (no OpenTelemetry SDK).
 * Turn spans need a tracer: pass the OpenTelemetry web SDK's provider as `tracerProvider` (or register it
 * globally); without one, `trackTurn` still runs, retries and times out the call, but records no span.
 */
export function initBilan(given: WebBilanOptions): Bilan {
  const options = (given !== null && typeof given === 'object' ? given : {}) as WebBilanOptions;
  const resource = toKeyValues({
    [RESOURCE_ATTR.serviceName]: options.serviceName,
    [RESOURCE_ATTR.serviceVersion]: options.serviceVersion,
    [RESOURCE_ATTR.environment]: options.environment,
  });
  const transport = createTransport<OtlpLogRecord>({
    ...options.batch,
    url: `${String(options.endpoint).replace(/\/+$/, '')}/v1/logs`,
    headers: options.headers,
    encode: (records) => encodeLogsRequest(resource, { name: SDK_NAME, version: SDK_VERSION }, records),
    droppedEvent: (count: number, reason: DropReason) =>
      encodeLogRecord({
        eventName: EVENT.sdkDropped,
        severityNumber: 13, // WARN
        attributes: { [ATTR.droppedCount]: count, [ATTR.droppedReason]: reason },
      }),
    onDrop: (count, reason, detail) => {
      try {
        options.onError?.(new Error(`${count} events dropped (${reason}): ${detail}`));
      } catch {
        // the host's hook failing must not break delivery
      }
    },
  });
  const logger = { emit: (record: LogRecord) => transport.push(encodeLogRecord(record)), enabled: () => true };
  const loggerProvider: LoggerProvider = { getLogger: () => logger };
  const bilan = createBilan({
    ...options,
    loggerProvider,
    pipeline: { forceFlush: transport.flush, shutdown: transport.flush },
  });

  if (typeof document === 'object' && typeof addEventListener === 'function') {
    transport.warmUp();
    // Pending events leave with the page: hidden (tab switch, mobile) or unloaded (closed, navigated).
    addEventListener('pagehide', transport.unload);
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') transport.unload();
    });
    if (options.reportPageLoad !== false) whenLoaded((seconds) => bilan.reportPageLoad(seconds));
  }
  return bilan;
}

/** Calls back with the page-load time in seconds once the navigation entry has it. */
function whenLoaded(report: (seconds: number) => void) {
  const read = () => {
    const entry = performance.getEntriesByType?.('navigation')[0] as PerformanceNavigationTiming | undefined;
    if (entry && entry.loadEventEnd > 0) report((entry.loadEventEnd - entry.startTime) / 1000);
  };
  // loadEventEnd is only set after the load handlers have run.
  if (document.readyState === 'complete') setTimeout(read);
  else addEventListener('load', () => setTimeout(read), { once: true });
}

export * from '../index';
