import type { SpanContext } from '@opentelemetry/api';
import { asRecord, toLabel } from './limits';

/**
 * A serialisable reference to one turn, handed from the server to its browser so a vote cast later,
 * elsewhere, lands in the turn's trace and carries the labels the metrics need. Plain JSON, camelCase.
 */
export interface TurnRef {
  turnId: string;
  /** W3C trace context of the turn's span; absent when no tracer was recording. */
  traceparent?: string;
  feature?: string;
  model?: string;
  promptVersion?: string;
  conversationId?: string;
}

const TRACEPARENT = /^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;
const ALL_ZERO = /^0+$/;

/**
 * Parses a W3C `traceparent` (version 00) into a remote span context, or undefined if invalid.
 * By hand, with no runtime import of the OpenTelemetry API: its global propagator is a no-op until an SDK
 * registers one, the W3C propagator lives in @opentelemetry/core (too big for the web bundle), and the web
 * entry does not load the API at all.
 */
export function parseTraceparent(value: unknown): SpanContext | undefined {
  // One anchored test and slices: twice as fast as capturing groups, and votes parse one each.
  if (typeof value !== 'string' || !TRACEPARENT.test(value)) return undefined;
  const traceId = value.slice(3, 35);
  const spanId = value.slice(36, 52);
  // All-zero ids are the invalid ones; only the sampled flag (1) is carried.
  if (ALL_ZERO.test(traceId) || ALL_ZERO.test(spanId)) return undefined;
  return { traceId, spanId, traceFlags: Number.parseInt(value.slice(53), 16) & 1, isRemote: true };
}

/** Copies the usable labels (feature, model, prompt version, conversation id) of `from` onto `to`. */
export function copyLabels(from: Record<string, unknown>, to: TurnRef): TurnRef {
  for (const key of ['feature', 'model', 'promptVersion', 'conversationId'] as const) {
    const value = toLabel(from[key]);
    if (value) to[key] = value;
  }
  return to;
}

interface ReadTurnRef {
  ref?: TurnRef;
  /** The turn span's context, parsed from `traceparent`. */
  spanContext?: SpanContext;
  problems: string[];
}

/**
 * Reads a TurnRef as this SDK emits it (camelCase), keeping every valid field and listing the problems:
 * a missing turn id, a bad traceparent, or a snake_case shape that would otherwise be silently lost.
 */
export function readTurnRef(input: unknown): ReadTurnRef {
  const raw = asRecord(input);
  const problems: string[] = [];
  const ref = copyLabels(raw, { turnId: toLabel(raw.turnId) ?? '' });
  // The original SDK wrote snake_case and read camelCase, losing every label: say so instead.
  if (!ref.turnId) problems.push(`TurnRef has no turnId${'turn_id' in raw ? ' (snake_case keys, not camelCase)' : ''}`);
  const spanContext = parseTraceparent(raw.traceparent);
  if (spanContext) ref.traceparent = raw.traceparent as string;
  else if (raw.traceparent !== undefined) problems.push('TurnRef has a bad traceparent');
  return { ref: ref.turnId || spanContext ? ref : undefined, spanContext, problems };
}
