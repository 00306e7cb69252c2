import {
  ATTR_DROPPED_COUNT,
  ATTR_DROPPED_REASON,
  EVENT,
  RESOURCE_ATTR_ENVIRONMENT,
  RESOURCE_ATTR_SERVICE_NAME,
  RESOURCE_ATTR_SERVICE_VERSION,
} from '@bilan/contract';
import { diag } from '@opentelemetry/api';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider, type LogRecordExporter } from '@opentelemetry/sdk-logs';
import { BatchSpanProcessor, type SpanExporter, TracerProvider } from '@opentelemetry/sdk-trace';
import { type Bilan, type BilanOptions, createBilan } from '../bilan';
import { sizeOption, toCount } from '../limits';
import { SDK_NAME, SDK_VERSION } from '../sdk-info';
import { createDeliveryAccount, type Exporter, type LossReason } from './delivery-account';

/** Longest wait between two attempts to reach the collector. */
const MAX_RETRY_DELAY_MS = 30_000;

export interface BatchOptions {
  /** Events per export; a full batch is sent at once. Default 10. */
  maxEvents?: number;
  /** Longest wait before a partial batch is sent, in ms. Default 1000. */
  intervalMs?: number;
  /** Events (and, apart, spans) held while the collector is slow or away; beyond it the oldest are dropped, counted and reported. Default 2048. */
  maxQueue?: number;
  /** First wait before a batch the exporter gave up on is tried again, in ms; doubles with full jitter up to 30 s. Default 1000. */
  baseDelayMs?: number;
}

export interface NodeBilanOptions extends Omit<BilanOptions, 'tracerProvider' | 'loggerProvider' | 'pipeline'> {
  /** OTLP/HTTP base URL; `/v1/traces` and `/v1/logs` are appended. Default `http://127.0.0.1:4318`. */
  endpoint?: string;
  serviceName: string;
  serviceVersion?: string;
  /** `deployment.environment.name`. */
  environment?: string;
  /** Sent with every export, e.g. an Authorization header. */
  headers?: Record<string, string>;
  batch?: BatchOptions;
  /** Time allowed for one export including the exporter's own retries, in ms; also how long `shutdown()` keeps trying. Default 10000. */
  exportTimeoutMs?: number;
}

/** An exporter whose every export fails with `error` (so the delivery account reports each batch). */
function failing<T>(error: Error): Exporter<T> {
  return { export: (_items, done) => done({ code: 1, error }), shutdown: async () => {}, forceFlush: async () => {} };
}

/** Everything `initBilan` built, for apps and tests that want to reach the providers. */
export interface NodeBilan extends Bilan {
  tracerProvider: TracerProvider;
  loggerProvider: LoggerProvider;
}

/**
 * Sets up OTLP/HTTP export with the OpenTelemetry JS SDK (its own providers, not registered globally, so
 * an app's existing OpenTelemetry set-up is left alone) and returns a Bilan writing to it.
 */
export function initBilan(given: NodeBilanOptions): NodeBilan {
  const options = (given !== null && typeof given === 'object' ? given : {}) as NodeBilanOptions;
  const endpoint = String(options.endpoint ?? 'http://127.0.0.1:4318').replace(/\/+$/, '');
  const resource = resourceFromAttributes({
    [RESOURCE_ATTR_SERVICE_NAME]:
      typeof options.serviceName === 'string' && options.serviceName ? options.serviceName : 'unknown_service',
    [RESOURCE_ATTR_SERVICE_VERSION]: options.serviceVersion,
    [RESOURCE_ATTR_ENVIRONMENT]: options.environment,
  });
  const sizes = (options.batch ?? {}) as BatchOptions;
  const batch = {
    maxExportBatchSize: sizeOption(sizes.maxEvents, 10),
    scheduledDelayMillis: toCount(sizes.intervalMs) ?? 1000,
    maxQueueSize: sizeOption(sizes.maxQueue, 2048),
    exportTimeoutMillis: sizeOption(options.exportTimeoutMs, 10_000),
  };
  const exporterConfig = { headers: options.headers, timeoutMillis: batch.exportTimeoutMillis };

  const lost: Record<LossReason, number> = { queue_full: 0, export_failed: 0 };
  const onLost = (count: number, reason: LossReason, message: string) => {
    lost[reason] += count;
    diag.warn(`${SDK_NAME}: ${message}`);
    try {
      options.onError?.(new Error(message));
    } catch {
      // the host's hook failing must not break the export
    }
  };
  // Losses are told to the collector too, as soon as it can be reached again.
  const reportLost = () => {
    for (const reason of Object.keys(lost) as LossReason[]) {
      if (!lost[reason]) continue;
      logger.emit({
        eventName: EVENT.sdkDropped,
        attributes: { [ATTR_DROPPED_COUNT]: lost[reason], [ATTR_DROPPED_REASON]: reason },
      });
      lost[reason] = 0;
    }
  };
  // An endpoint that is no URL would make the exporters throw; instead every export fails and is reported.
  const badEndpoint = URL.canParse(endpoint) ? undefined : new Error(`endpoint is not a URL: ${endpoint}`);
  const delivery = {
    maxQueue: batch.maxQueueSize,
    maxBatch: batch.maxExportBatchSize,
    baseDelayMs: sizeOption(sizes.baseDelayMs, 1000),
    maxDelayMs: MAX_RETRY_DELAY_MS,
    shutdownTimeoutMs: batch.exportTimeoutMillis,
    // The OTLP exporter fails with the HTTP status as a numeric `code` only when the collector refused
    // the data for good (400, 401, 413, 500, …); network errors and 429/502/503/504 can pass later.
    isRetryable: (error: Error) => error !== badEndpoint && typeof (error as { code?: unknown }).code !== 'number',
    onLost,
    onDelivered: () => queueMicrotask(reportLost),
    onUnreachable: (message: string) => diag.warn(`${SDK_NAME}: collector unreachable, ${message}`),
  };
  const spans = createDeliveryAccount('spans', delivery);
  const events = createDeliveryAccount('events', delivery);
  const traceExporter = spans.exporter(
    badEndpoint ? failing(badEndpoint) : new OTLPTraceExporter({ ...exporterConfig, url: `${endpoint}/v1/traces` }),
  );
  const logExporter = events.exporter(
    badEndpoint ? failing(badEndpoint) : new OTLPLogExporter({ ...exporterConfig, url: `${endpoint}/v1/logs` }),
  );

  const tracerProvider = new TracerProvider({
    resource,
    spanProcessors: [
      spans.spanProcessor(new BatchSpanProcessor({ exporter: traceExporter as SpanExporter, ...batch })),
    ],
  });
  const loggerProvider = new LoggerProvider({
    resource,
    processors: [
      events.logProcessor(new BatchLogRecordProcessor({ exporter: logExporter as LogRecordExporter, ...batch })),
    ],
  });
  const logger = loggerProvider.getLogger(SDK_NAME, SDK_VERSION);

  // The batch processors' flush ends once their last batch is handed over, maybe before it is sent.
  const flushAll = async () => {
    await Promise.allSettled([tracerProvider.forceFlush(), loggerProvider.forceFlush()]);
    await Promise.allSettled([spans.flush(), events.flush()]);
  };
  const bilan = createBilan({
    ...options,
    tracerProvider,
    loggerProvider,
    // Losses were reported by the delivery accounts, one message per batch; a flush never throws.
    pipeline: {
      forceFlush: flushAll,
      // Both signals share one deadline: shutdown() is done within exportTimeoutMs, whatever the collector does.
      async shutdown() {
        const deadline = Date.now() + batch.exportTimeoutMillis;
        spans.closeBy(deadline);
        events.closeBy(deadline);
        // Flushed first, so that losses counted until now still leave as a `bilan.sdk.dropped` event.
        await flushAll();
        await Promise.allSettled([tracerProvider.shutdown(), loggerProvider.shutdown()]);
      },
    },
  });
  return Object.assign(bilan, { tracerProvider, loggerProvider });
}

export * from '../index';
