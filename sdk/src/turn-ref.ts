import {
  type Context,
  isSpanContextValid,
  ROOT_CONTEXT,
  type SpanContext,
  TraceFlags,
  trace,
} from '@opentelemetry/api';
import { toLabel } from './limits';

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

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** Formats a span context as a W3C `traceparent` (version 00). */
export function formatTraceparent(spanContext: SpanContext): string | undefined {
  if (!isSpanContextValid(spanContext)) return undefined;
  const flags = (spanContext.traceFlags & TraceFlags.SAMPLED).toString(16).padStart(2, '0');
  return `00-${spanContext.traceId}-${spanContext.spanId}-${flags}`;
}

/** Parses a W3C `traceparent` (version 00) into a remote span context, or undefined if invalid. */
export function parseTraceparent(value: unknown): SpanContext | undefined {
  const match = typeof value === 'string' ? TRACEPARENT.exec(value.trim()) : null;
  if (!match) return undefined;
  const spanContext: SpanContext = {
    traceId: match[1] as string,
    spanId: match[2] as string,
    traceFlags: Number.parseInt(match[3] as string, 16) & TraceFlags.SAMPLED,
    isRemote: true,
  };
  return isSpanContextValid(spanContext) ? spanContext : undefined;
}

/** A context whose parent is the turn's span, so an event emitted with it joins the turn's trace. */
export function contextOfTurn(ref: TurnRef | undefined): Context {
  const spanContext = parseTraceparent(ref?.traceparent);
  return spanContext ? trace.setSpanContext(ROOT_CONTEXT, spanContext) : ROOT_CONTEXT;
}

const SNAKE_KEYS = ['turn_id', 'trace_parent', 'prompt_version', 'conversation_id'];

/**
 * Reads a TurnRef as this SDK emits it (camelCase), keeping every valid field and listing the problems:
 * a missing turn id, a bad traceparent, or a snake_case shape that would otherwise be silently lost.
 */
export function readTurnRef(input: unknown): { ref: TurnRef | undefined; problems: string[] } {
  if (input === null || typeof input !== 'object')
    return { ref: undefined, problems: ['turn reference is not an object'] };
  const raw = input as Record<string, unknown>;
  const problems: string[] = [];
  const field = (key: string) => {
    try {
      return toLabel(raw[key]);
    } catch {
      return undefined;
    }
  };
  const snake = SNAKE_KEYS.filter((key) => {
    try {
      return key in raw;
    } catch {
      return false;
    }
  });
  if (snake.length) problems.push(`turn reference uses snake_case keys (${snake.join(', ')}); expected camelCase`);
  const ref: TurnRef = { turnId: field('turnId') ?? '' };
  if (!ref.turnId) problems.push('turn reference has no turnId');
  const traceparent = field('traceparent');
  if (traceparent && parseTraceparent(traceparent)) ref.traceparent = traceparent;
  else if (traceparent) problems.push('turn reference has an invalid traceparent');
  for (const key of ['feature', 'model', 'promptVersion', 'conversationId'] as const) {
    const value = field(key);
    if (value) ref[key] = value;
  }
  return { ref: ref.turnId || traceparent ? ref : undefined, problems };
}
