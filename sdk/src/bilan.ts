import {
  ATTR,
  CONVERSATION_OUTCOME,
  type ConversationOutcome,
  EVALUATION_NAME,
  EVENT,
  type JourneyOutcome,
} from '@bilan/contract';
import {
  type Attributes,
  type Context,
  context,
  diag,
  type LoggerProvider,
  logs,
  type Span,
  SpanKind,
  SpanStatusCode,
  type TracerProvider,
  trace,
} from '@opentelemetry/api';
import { version } from '../package.json';
import { classifyError } from './errors';
import { toAttributes, toCount, toLabel, toText } from './limits';
import { createPrivacy, type PrivacyOptions } from './privacy';
import { normaliseRating } from './rating';
import { callWithRetries } from './retry';
import { contextOf, formatTraceparent, readTurnRef, type TurnRef } from './turn-ref';

export const SDK_NAME = '@bilan/sdk';
export const SDK_VERSION: string = version;
const INFO = 9; // SeverityNumber.INFO; the enum is not worth importing into the web bundle
/** Largest page-load time accepted, in seconds; bigger values are almost surely milliseconds. */
export const MAX_PAGE_LOAD_SECONDS = 600;
/** Conversations and journeys remembered (for feature and step index); the oldest are forgotten. */
const MAX_REMEMBERED = 1000;

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

export interface VoteOptions {
  /** Free text from the user; always passes the redactor, dropped at privacy level `none`. */
  comment?: string;
  /** A numeric scale, e.g. `{ min: 1, max: 5 }`; above its midpoint counts as positive. */
  scale?: { min: number; max: number };
}

/** What the node and web entries flush and shut down. */
export interface Pipeline {
  forceFlush(): Promise<unknown>;
  shutdown(): Promise<unknown>;
}

export interface BilanOptions {
  /** Default: the global tracer provider (no-op until an OpenTelemetry SDK registers one). */
  tracerProvider?: TracerProvider;
  /** Default: the global logger provider (no-op until an OpenTelemetry SDK registers one). */
  loggerProvider?: LoggerProvider;
  /** Default `{ level: 'metadata' }`. */
  privacy?: PrivacyOptions;
  /** Told about everything dropped, truncated or failed; never required. Also reported to `diag`. */
  onError?: (error: Error) => void;
  /** Set by the node and web entries. */
  pipeline?: Pipeline;
}

export interface Bilan {
  /** Runs an AI call as a turn; rethrows its error after recording it. Never throws anything of its own. */
  trackTurn<T>(
    call: (signal?: AbortSignal) => T | Promise<T>,
    options?: TurnOptions<T>,
  ): Promise<{ result: T; turn: TurnRef }>;
  /** A vote on a turn: +1/−1 (or true/false), or a value on `options.scale`. */
  vote(turn: TurnRef, value: number | boolean, options?: VoteOptions): void;
  /** Feedback on a whole conversation, same values as `vote`. */
  conversationFeedback(conversationId: string, value: number | boolean, options?: VoteOptions): void;
  /** The user asked for the turn's answer again. */
  regenerate(turn: TurnRef): void;
  /** Returns the conversation id (the one given, or a new one). */
  startConversation(options?: { feature?: string; userId?: string; conversationId?: string }): string;
  endConversation(conversationId: string, outcome: ConversationOutcome, options?: { feature?: string }): void;
  /** A step of a journey; `index` defaults to the next index of that journey. */
  journeyStep(journeyName: string, stepName: string, options?: { index?: number }): void;
  completeJourney(journeyName: string): void;
  abandonJourney(journeyName: string): void;
  /** An app-defined event with up to 32 properties. */
  track(name: string, properties?: Record<string, unknown>): void;
  /** The current user for all later events; `undefined` clears it. */
  identify(userId: string | undefined): void;
  /** Page-load time in seconds (never milliseconds). */
  reportPageLoad(seconds: number): void;
  /** Delivers everything pending. Never throws. */
  flush(): Promise<void>;
  /** Flushes and stops; later calls are dropped and reported. Never throws. */
  shutdown(): Promise<void>;
}

function newId(): string {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  return Array.from({ length: 32 }, () => Math.floor(Math.random() * 16).toString(16)).join('');
}

/** Attributes without the undefined values; OTLP has no way to say "absent". */
function defined(
  attributes: Record<string, Attributes[string]>,
  more?: Record<string, Attributes[string]>,
): Attributes {
  const out: Attributes = {};
  for (const key in attributes) if (attributes[key] !== undefined) out[key] = attributes[key];
  for (const key in more) if (more[key] !== undefined) out[key] = more[key];
  return out;
}

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > MAX_REMEMBERED) map.delete(map.keys().next().value as string);
}

function read(object: unknown): Record<string, unknown> {
  return object !== null && typeof object === 'object' ? (object as Record<string, unknown>) : {};
}

/**
 * Creates a Bilan client on the OpenTelemetry API. Safe with nothing set up (a no-op until providers
 * exist); every public method catches its own failures and reports them through `onError` and `diag`.
 */
export function createBilan(given: BilanOptions = {}): Bilan {
  const options = read(given) as BilanOptions;
  const onError = typeof options.onError === 'function' ? options.onError : undefined;
  const report = (problem: unknown) => {
    const error = problem instanceof Error ? problem : new Error(String(problem));
    diag.warn(`${SDK_NAME}: ${error.message}`);
    try {
      onError?.(error);
    } catch {
      // The host's own hook failing must not break the host.
    }
  };
  const privacy = createPrivacy(options.privacy, report);
  const tracerProvider =
    typeof options.tracerProvider?.getTracer === 'function' ? options.tracerProvider : trace.getTracerProvider();
  const loggerProvider =
    typeof options.loggerProvider?.getLogger === 'function' ? options.loggerProvider : logs.getLoggerProvider();
  const tracer = tracerProvider.getTracer(SDK_NAME, SDK_VERSION);
  const logger = loggerProvider.getLogger(SDK_NAME, SDK_VERSION);
  const conversationFeatures = new Map<string, string | undefined>();
  const journeyIndexes = new Map<string, number>();
  let currentUser: string | undefined;
  let closed = false;

  const userOf = (given?: unknown) => privacy.userId(toLabel(given) ?? currentUser);

  type Fields = Record<string, Attributes[string]>;
  /** Emits one event; `more` adds fields without an intermediate copy. The SDK stamps the time. */
  const emit = (eventName: string, attributes: Fields, ctx?: Context, more?: Fields) => {
    if (closed) return report(`${eventName} dropped: Bilan was shut down`);
    const out = defined(attributes, more);
    const user = out[ATTR.userId] ?? userOf();
    if (user !== undefined) out[ATTR.userId] = user;
    logger.emit({ eventName, severityNumber: INFO, attributes: out, context: ctx ?? context.active() });
  };

  /** Wraps a public method so nothing it does can throw into the host app; `fallback` answers instead. */
  function guard<K extends keyof Bilan>(name: K, method: Bilan[K], fallback?: Bilan[K]): Bilan[K] {
    const run = method as (...args: unknown[]) => unknown;
    const otherwise = fallback as ((...args: unknown[]) => unknown) | undefined;
    return ((...args: unknown[]) => {
      try {
        return run(...args);
      } catch (error) {
        report(`${name} failed: ${error instanceof Error ? error.message : String(error)}`);
        return otherwise?.(...args);
      }
    }) as Bilan[K];
  }

  const rate = (
    name: string,
    evaluation: string,
    value: unknown,
    options: unknown,
    fields: Record<string, Attributes[string]>,
    ctx?: Context,
  ) => {
    const o = read(options);
    const rating = normaliseRating(value, o.scale);
    if ('error' in rating) return report(`${name} dropped: ${rating.error}`);
    emit(
      EVENT.evaluationResult,
      {
        [ATTR.evaluationName]: evaluation,
        [ATTR.evaluationScoreValue]: rating.value,
        [ATTR.evaluationScoreLabel]: rating.label,
        [ATTR.evaluationExplanation]: o.comment === undefined ? undefined : privacy.comment(toText(o.comment)),
      },
      ctx,
      fields,
    );
  };

  const turnFields = (turn: unknown) => {
    const { ref, spanContext, problems } = readTurnRef(turn);
    for (const problem of problems) report(problem);
    return {
      ref,
      context: contextOf(spanContext),
      fields: {
        [ATTR.turnId]: ref?.turnId || undefined,
        [ATTR.conversationId]: ref?.conversationId,
        [ATTR.feature]: ref?.feature,
        [ATTR.requestModel]: ref?.model,
        [ATTR.promptVersion]: ref?.promptVersion,
      },
    };
  };

  const endJourney = (name: unknown, outcome: JourneyOutcome) => {
    const journey = toLabel(name);
    if (!journey) return report(`journey ${outcome} dropped: journey name missing`);
    journeyIndexes.delete(journey);
    emit(EVENT.journeyEnd, { [ATTR.journeyName]: journey, [ATTR.journeyOutcome]: outcome });
  };

  const startTurn = (options: unknown): { span?: Span; turn: TurnRef; settings: TurnOptions<unknown> } => {
    const o = read(options) as TurnOptions<unknown>;
    const operation = toLabel(o.operation) ?? 'chat';
    const model = toLabel(o.model);
    const turn: TurnRef = { turnId: newId() };
    for (const key of ['feature', 'model', 'promptVersion', 'conversationId'] as const) {
      const value = toLabel(o[key]);
      if (value) turn[key] = value;
    }
    const span = tracer.startSpan(
      model ? `${operation} ${model}` : operation,
      {
        kind: SpanKind.CLIENT,
        attributes: defined({
          [ATTR.operationName]: operation,
          [ATTR.providerName]: toLabel(o.provider),
          [ATTR.requestModel]: model,
          [ATTR.conversationId]: turn.conversationId,
          [ATTR.turnId]: turn.turnId,
          [ATTR.feature]: turn.feature,
          [ATTR.promptVersion]: turn.promptVersion,
          [ATTR.userId]: userOf(o.userId),
          [ATTR.inputMessages]: privacy.content(toText(o.input)),
        }),
      },
      context.active(),
    );
    const traceparent = formatTraceparent(span.spanContext());
    if (traceparent) turn.traceparent = traceparent;
    return { span, turn, settings: o };
  };

  const finishTurn = (span: Span | undefined, settings: TurnOptions<unknown>, result: unknown) => {
    if (!span) return;
    try {
      const usage = read(typeof settings.usage === 'function' ? settings.usage(result) : undefined);
      const attributes = defined({
        [ATTR.inputTokens]: toCount(usage.inputTokens),
        [ATTR.outputTokens]: toCount(usage.outputTokens),
        [ATTR.responseModel]: toLabel(usage.responseModel),
        [ATTR.outputMessages]: privacy.content(
          toText(typeof settings.output === 'function' ? settings.output(result) : undefined),
        ),
      });
      span.setAttributes(attributes);
    } catch (error) {
      report(`turn usage or output could not be read: ${String(error)}`);
    }
    span.end();
  };

  const bilan: Bilan = {
    async trackTurn<T>(call: (signal?: AbortSignal) => T | Promise<T>, options?: TurnOptions<T>) {
      let started: ReturnType<typeof startTurn> | undefined;
      try {
        if (closed) report('turn not recorded: Bilan was shut down');
        else started = startTurn(options);
      } catch (error) {
        report(`turn not recorded: ${String(error)}`);
      }
      const turn = started?.turn ?? { turnId: newId() };
      if (typeof call !== 'function') {
        report('trackTurn needs a function to call');
        started?.span?.end();
        return { result: undefined as T, turn };
      }
      const settings = started?.settings ?? {};
      let result: T;
      try {
        const parent = started?.span ? trace.setSpan(context.active(), started.span) : context.active();
        ({ result } = await context.with(parent, () =>
          callWithRetries(call, { retries: settings.retries, timeoutMs: settings.timeoutMs }),
        ));
      } catch (error) {
        try {
          const type = classifyError(error);
          started?.span?.setAttribute(ATTR.errorType, type);
          started?.span?.setStatus({ code: SpanStatusCode.ERROR, message: type });
          started?.span?.end();
        } catch (internal) {
          report(internal);
        }
        throw error;
      }
      try {
        finishTurn(started?.span, settings, result);
      } catch (internal) {
        report(internal);
      }
      return { result, turn };
    },

    vote: guard('vote', (turn, value, options) => {
      const { fields, context } = turnFields(turn);
      rate('vote', EVALUATION_NAME.userFeedback, value, options, fields, context);
    }),

    conversationFeedback: guard('conversationFeedback', (conversationId, value, options) => {
      const id = toLabel(conversationId);
      if (!id) return report('conversationFeedback dropped: conversation id missing');
      rate('conversationFeedback', EVALUATION_NAME.conversationFeedback, value, options, {
        [ATTR.conversationId]: id,
        [ATTR.feature]: conversationFeatures.get(id),
      });
    }),

    regenerate: guard('regenerate', (turn) => {
      const { ref, fields, context } = turnFields(turn);
      if (!ref) return report('regenerate dropped: no usable turn reference');
      emit(EVENT.turnRegenerate, fields, context);
    }),

    startConversation: guard(
      'startConversation',
      (options) => {
        const o = read(options);
        const conversationId = toLabel(o.conversationId) ?? newId();
        const feature = toLabel(o.feature);
        remember(conversationFeatures, conversationId, feature);
        emit(EVENT.conversationStart, {
          [ATTR.conversationId]: conversationId,
          [ATTR.feature]: feature,
          [ATTR.userId]: userOf(o.userId),
        });
        return conversationId;
      },
      (options) => toLabel(read(options).conversationId) ?? newId(),
    ),

    endConversation: guard('endConversation', (conversationId, outcome, options) => {
      const id = toLabel(conversationId);
      if (!id) return report('endConversation dropped: conversation id missing');
      if (!CONVERSATION_OUTCOME.includes(outcome)) {
        return report(`endConversation dropped: outcome must be one of ${CONVERSATION_OUTCOME.join(', ')}`);
      }
      const feature = toLabel(read(options).feature) ?? conversationFeatures.get(id);
      conversationFeatures.delete(id);
      emit(EVENT.conversationEnd, {
        [ATTR.conversationId]: id,
        [ATTR.conversationOutcome]: outcome,
        [ATTR.feature]: feature,
      });
    }),

    journeyStep: guard('journeyStep', (journeyName, stepName, options) => {
      const journey = toLabel(journeyName);
      const step = toLabel(stepName);
      if (!journey || !step) return report('journeyStep dropped: journey and step names are required');
      const index = toCount(read(options).index) ?? journeyIndexes.get(journey) ?? 0;
      remember(journeyIndexes, journey, index + 1);
      emit(EVENT.journeyStep, {
        [ATTR.journeyName]: journey,
        [ATTR.journeyStep]: step,
        [ATTR.journeyStepIndex]: index,
      });
    }),

    completeJourney: guard('completeJourney', (name) => endJourney(name, 'completed')),
    abandonJourney: guard('abandonJourney', (name) => endJourney(name, 'abandoned')),

    track: guard('track', (name, properties) => {
      const eventName = toLabel(name);
      if (!eventName) return report('track dropped: event name missing');
      const { attributes, dropped } = toAttributes(properties);
      if (dropped) report(`track ${eventName}: ${dropped} properties dropped (unusable or over the limit)`);
      emit(EVENT.custom, { ...attributes, [ATTR.customEventName]: eventName });
    }),

    identify: guard('identify', (userId) => {
      currentUser = toLabel(userId);
      if (userId !== undefined && !currentUser) report('identify: user id unusable; user cleared');
    }),

    reportPageLoad: guard('reportPageLoad', (seconds) => {
      if (typeof seconds !== 'number' || !(seconds >= 0) || seconds > MAX_PAGE_LOAD_SECONDS) {
        return report(
          `page load dropped: ${String(seconds)} is not a duration in seconds (0..${MAX_PAGE_LOAD_SECONDS})`,
        );
      }
      emit(EVENT.pageLoad, { [ATTR.pageLoadDuration]: seconds });
    }),

    async flush() {
      try {
        await options.pipeline?.forceFlush();
      } catch (error) {
        report(`flush failed: ${String(error)}`);
      }
    },

    async shutdown() {
      if (closed) return;
      closed = true;
      try {
        await options.pipeline?.shutdown();
      } catch (error) {
        report(`shutdown failed: ${String(error)}`);
      }
    },
  };
  return bilan;
}
