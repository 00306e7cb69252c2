import {
  context,
  diag,
  type LoggerProvider,
  logs,
  type SpanContext,
  type TracerProvider,
  trace,
} from '@opentelemetry/api';
import { type BilanEvents, createRecorder, type EventOptions } from './events';
import { SDK_NAME, SDK_VERSION } from './sdk-info';
import { contextOf } from './span-context';
import { createTrackTurn, type TrackTurn } from './turns';

const INFO = 9; // SeverityNumber.INFO

export interface BilanOptions extends EventOptions {
  /** Default: the global tracer provider (no-op until an OpenTelemetry SDK registers one). */
  tracerProvider?: TracerProvider;
  /** Default: the global logger provider (no-op until an OpenTelemetry SDK registers one). */
  loggerProvider?: LoggerProvider;
}

export interface Bilan extends BilanEvents {
  /** Runs an AI call as a turn; rethrows its error after recording it. Never throws anything of its own. */
  trackTurn: TrackTurn;
}

/** The app's tracer provider if it gave a usable one, else the global one. */
export function tracerOf(provider: unknown) {
  const given = provider as TracerProvider | undefined;
  return (typeof given?.getTracer === 'function' ? given : trace.getTracerProvider()).getTracer(SDK_NAME, SDK_VERSION);
}

/**
 * Creates a Bilan client on the OpenTelemetry API: turns are spans of its tracer, events log records of its
 * logger. Safe with nothing set up (a no-op until providers exist); every public method catches its own
 * failures and reports them through `onError` and `diag`.
 */
export function createBilan(given: BilanOptions = {}): Bilan {
  const options = (given !== null && typeof given === 'object' ? given : {}) as BilanOptions;
  const loggerProvider =
    typeof options.loggerProvider?.getLogger === 'function' ? options.loggerProvider : logs.getLoggerProvider();
  const logger = loggerProvider.getLogger(SDK_NAME, SDK_VERSION);
  const recorder = createRecorder(
    options,
    (eventName, attributes, parent: SpanContext | null | undefined) =>
      logger.emit({
        eventName,
        severityNumber: INFO,
        attributes,
        // The SDK stamps the time; the context links the event to its turn's span.
        context: parent === undefined ? context.active() : contextOf(parent ?? undefined),
      }),
    (message) => diag.warn(`${SDK_NAME}: ${message}`),
  );
  return { ...recorder.events, trackTurn: createTrackTurn(recorder, tracerOf(options.tracerProvider)) };
}
