// `@bilan/sdk/web/turns`: the web entry plus `trackTurn`, for AI calls made from the browser. Turn spans
// need an OpenTelemetry tracer (the app's web SDK); this brings the OpenTelemetry API and the turn wrapper's
// timeout, retries and error classification, which the plain web entry leaves out.

import type { TracerProvider } from '@opentelemetry/api';
import { type Bilan, tracerOf } from '../bilan';
import { createTrackTurn } from '../turns';
import { createWebRecorder, type WebBilanOptions } from './recorder';

export type { TrackTurn, TurnOptions, TurnUsage } from '../turns';
export * from './index';

export interface WebTurnsOptions extends WebBilanOptions {
  /** Records turn spans; default the global one (a no-op until the app registers an OpenTelemetry web SDK). */
  tracerProvider?: TracerProvider;
}

/**
 * `initBilan` of the web entry with `trackTurn`. Without a tracer provider, `trackTurn` still runs, times
 * out, retries and classifies the call and returns a TurnRef, but records no span (and so no traceparent).
 */
export function initBilan(options: WebTurnsOptions): Bilan {
  const recorder = createWebRecorder(options);
  const provider = options !== null && typeof options === 'object' ? options.tracerProvider : undefined;
  return { ...recorder.events, trackTurn: createTrackTurn(recorder, tracerOf(provider)) };
}
