// `@bilan/sdk/web`: votes, conversations, journeys, custom events and page load from a browser, sent as
// OTLP/JSON by a lean transport. No OpenTelemetry API or SDK is loaded. Browser turns: `@bilan/sdk/web/turns`.
import type { BilanEvents } from '../events';
import { createWebRecorder, type WebBilanOptions } from './recorder';

export type { BilanEvents, Pipeline, VoteOptions } from '../events';
export { LIMITS } from '../limits';
export { type PrivacyLevel, type PrivacyOptions, redact } from '../privacy';
export { parseTraceparent, type TurnRef } from '../turn-ref';
export type { WebBilanOptions } from './recorder';

/** What the web entry's `initBilan` returns: every Bilan call but `trackTurn`. */
export type WebBilan = BilanEvents;

/** Sets up Bilan in a browser (or anywhere with `fetch`): events to `endpoint`/v1/logs as OTLP/JSON. */
export function initBilan(options: WebBilanOptions): WebBilan {
  return createWebRecorder(options).events;
}
