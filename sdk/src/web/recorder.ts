import {
  ATTR_DROPPED_COUNT,
  ATTR_DROPPED_REASON,
  EVENT,
  RESOURCE_ATTR_ENVIRONMENT,
  RESOURCE_ATTR_SERVICE_NAME,
  RESOURCE_ATTR_SERVICE_VERSION,
} from '@bilan/contract';
import { createRecorder, type EventOptions, type Recorder } from '../events';
import { asRecord } from '../limits';
import { SDK_NAME, SDK_VERSION } from '../sdk-info';
import { encodeLogRecord, encodeLogsRequest, type OtlpLogRecord, toKeyValues } from './otlp-json';
import { createTransport } from './transport';

export interface WebBilanOptions extends Omit<EventOptions, 'pipeline'> {
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
    /** Events held while the collector is away; beyond it the oldest are dropped and counted. Default 1000. */
    maxQueue?: number;
    /** First wait before a retry (408, 429, 5xx, network errors); doubles with jitter up to 30 s. Default 500 ms. */
    baseDelayMs?: number;
  };
  /** Report `bilan.page.load` from the Navigation Timing entry. Default true. */
  reportPageLoad?: boolean;
}

/**
 * The events of the contract written straight to OTLP/JSON by the lean transport (no OpenTelemetry API or
 * SDK), delivered when the page is hidden or unloaded, and the page load reported in seconds.
 */
export function createWebRecorder(given: WebBilanOptions): Recorder {
  const options = asRecord(given) as Partial<WebBilanOptions>;
  const resource = toKeyValues({
    [RESOURCE_ATTR_SERVICE_NAME]: options.serviceName,
    [RESOURCE_ATTR_SERVICE_VERSION]: options.serviceVersion,
    [RESOURCE_ATTR_ENVIRONMENT]: options.environment,
  });
  let recorder: Recorder | undefined;
  const transport = createTransport<OtlpLogRecord>({
    ...options.batch,
    url: `${String(options.endpoint).replace(/\/+$/, '')}/v1/logs`,
    headers: options.headers,
    encode: (records) => encodeLogsRequest(resource, { name: SDK_NAME, version: SDK_VERSION }, records),
    droppedEvent: (count, reason) =>
      encodeLogRecord({
        eventName: EVENT.sdkDropped,
        severityNumber: 13, // WARN
        attributes: { [ATTR_DROPPED_COUNT]: count, [ATTR_DROPPED_REASON]: reason },
      }),
    onDrop: (count, reason, detail) => recorder?.report(`${count} events dropped (${reason}): ${detail}`),
  });
  recorder = createRecorder(
    { ...options, pipeline: { forceFlush: transport.flush, shutdown: transport.flush } },
    (eventName, attributes, parent) => transport.push(encodeLogRecord({ eventName, attributes, parent })),
  );
  const events = recorder.events;

  if (typeof document === 'object' && typeof addEventListener === 'function') {
    transport.warmUp();
    // Pending events leave with the page: hidden (tab switch, mobile) or unloaded (closed, navigated).
    addEventListener('pagehide', transport.unload);
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') transport.unload();
    });
    if (options.reportPageLoad !== false) whenLoaded((seconds) => events.reportPageLoad(seconds));
  }
  return recorder;
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
