// `@bilan/sdk/web`: votes, conversations, journeys, custom events and page load from a browser, sent as
// OTLP/JSON by a lean transport. No OpenTelemetry API or SDK is loaded. Browser turns: `@bilan/sdk/web/turns`.
import type { BilanEvents } from '../events';
import { createWebRecorder, type WebBilanOptions } from './recorder';

// Only types besides `initBilan`: the pure helpers (`redact`, `LIMITS`, …) come from `@bilan/sdk`, whose
// unused parts a bundler drops (`sideEffects: false`).
export type { BilanEvents, Pipeline, VoteOptions } from '../events';
export type { PrivacyLevel, PrivacyOptions } from '../privacy';
export type { TurnRef } from '../turn-ref';
export type { WebBilanOptions } from './recorder';

/** What the web entry's `initBilan` returns: every Bilan call but `trackTurn`. */
export type WebBilan = BilanEvents;

/** Sets up Bilan in a browser (or anywhere with `fetch`): events to `endpoint`/v1/logs as OTLP/JSON. */
export function initBilan(options: WebBilanOptions): WebBilan {
  return createWebRecorder(options).events;
}
