import {
  ATTR_CONVERSATION_ID,
  ATTR_ERROR_TYPE,
  ATTR_FEATURE,
  ATTR_INPUT_MESSAGES,
  ATTR_INPUT_TOKENS,
  ATTR_OPERATION_NAME,
  ATTR_OUTPUT_MESSAGES,
  ATTR_OUTPUT_TOKENS,
  ATTR_PROMPT_VERSION,
  ATTR_PROVIDER_NAME,
  ATTR_REQUEST_MODEL,
  ATTR_RESPONSE_MODEL,
  ATTR_TURN_ID,
  ATTR_USER_ID,
} from '@bilan/contract';
import { context, type Span, SpanKind, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';
import { classifyError } from './errors';
import type { Recorder } from './events';
import { newId } from './ids';
import { asRecord, defined, toCount, toLabel, toText } from './limits';
import { contentText } from './privacy';
import { callWithRetries } from './retry';
import { formatTraceparent } from './span-context';
import { copyLabels, type TurnRef } from './turn-ref';

/** Token usage and response model read from the AI call's result. */
export interface TurnUsage {
  inputTokens?: number;
  outputTokens?: number;
  responseModel?: string;
}

export interface TurnOptions<T> {
  feature?: string;
  model?: string;
  provider?: string;
  promptVersion?: string;
  conversationId?: string;
  /** Default: the user given to `identify`. */
  userId?: string;
  /** `gen_ai.operation.name`. Default `chat`. */
  operation?: string;
  /** Per-attempt timeout in ms; the call gets an AbortSignal that fires then. Default none. */
  timeoutMs?: number;
  /** Extra attempts on timeout, rate limit, unavailable service or network error. Default 0. */
  retries?: number;
  /** Reads token usage from the result. */
  usage?: (result: T) => TurnUsage | undefined;
  /** Prompt text; kept only at privacy level `redacted` or `full`. */
  input?: string;
  /** Reads the response text from the result; kept only at privacy level `redacted` or `full`. */
  output?: (result: T) => string | undefined;
}

/** Runs an AI call as a turn; rethrows its error after recording it. Never throws anything of its own. */
export type TrackTurn = <T>(
  call: (signal: AbortSignal) => T | Promise<T>,
  options?: TurnOptions<T>,
) => Promise<{ result: T; turn: TurnRef }>;

/** The turn wrapper: a CLIENT span per turn on `tracer`, sharing user, privacy and reporting with `recorder`. */
export function createTrackTurn(recorder: Recorder, tracer: Tracer): TrackTurn {
  const { report, privacy, userOf } = recorder;

  const startTurn = (options: unknown): { span: Span; turn: TurnRef; settings: TurnOptions<unknown> } => {
    const o = asRecord(options) as TurnOptions<unknown>;
    const operation = toLabel(o.operation) ?? 'chat';
    const model = toLabel(o.model);
    const turn = copyLabels(o as Record<string, unknown>, { turnId: newId() });
    const span = tracer.startSpan(
      model ? `${operation} ${model}` : operation,
      {
        kind: SpanKind.CLIENT,
        attributes: defined({
          [ATTR_OPERATION_NAME]: operation,
          [ATTR_PROVIDER_NAME]: toLabel(o.provider),
          [ATTR_REQUEST_MODEL]: model,
          [ATTR_CONVERSATION_ID]: turn.conversationId,
          [ATTR_TURN_ID]: turn.turnId,
          [ATTR_FEATURE]: turn.feature,
          [ATTR_PROMPT_VERSION]: turn.promptVersion,
          [ATTR_USER_ID]: userOf(o.userId),
          [ATTR_INPUT_MESSAGES]: contentText(privacy, toText(o.input)),
        }),
      },
      context.active(),
    );
    const traceparent = formatTraceparent(span.spanContext());
    if (traceparent) turn.traceparent = traceparent;
    return { span, turn, settings: o };
  };

  const finishTurn = (span: Span, settings: TurnOptions<unknown>, result: unknown) => {
    try {
      const usage = asRecord(typeof settings.usage === 'function' ? settings.usage(result) : undefined);
      span.setAttributes(
        defined({
          [ATTR_INPUT_TOKENS]: toCount(usage.inputTokens),
          [ATTR_OUTPUT_TOKENS]: toCount(usage.outputTokens),
          [ATTR_RESPONSE_MODEL]: toLabel(usage.responseModel),
          [ATTR_OUTPUT_MESSAGES]: contentText(
            privacy,
            toText(typeof settings.output === 'function' ? settings.output(result) : undefined),
          ),
        }),
      );
    } catch (error) {
      report(`turn usage or output could not be read: ${String(error)}`);
    }
    span.end();
  };

  return async <T>(call: (signal: AbortSignal) => T | Promise<T>, options?: TurnOptions<T>) => {
    let started: ReturnType<typeof startTurn> | undefined;
    try {
      if (recorder.isClosed()) report('turn not recorded: Bilan was shut down');
      else started = startTurn(options);
    } catch (error) {
      report(`turn not recorded: ${String(error)}`);
    }
    const turn = started?.turn ?? { turnId: newId() };
    if (typeof call !== 'function') {
      report('trackTurn needs a function to call');
      started?.span.end();
      return { result: undefined as T, turn };
    }
    const settings = started?.settings ?? {};
    let result: T;
    try {
      const parent = started ? trace.setSpan(context.active(), started.span) : context.active();
      ({ result } = await context.with(parent, () =>
        callWithRetries(call, { retries: settings.retries, timeoutMs: settings.timeoutMs }),
      ));
    } catch (error) {
      try {
        const type = classifyError(error);
        started?.span.setAttribute(ATTR_ERROR_TYPE, type);
        started?.span.setStatus({ code: SpanStatusCode.ERROR, message: type });
        started?.span.end();
      } catch (internal) {
        report(internal);
      }
      throw error;
    }
    try {
      if (started) finishTurn(started.span, settings, result);
    } catch (internal) {
      report(internal);
    }
    return { result, turn };
  };
}
