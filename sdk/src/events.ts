import {
  ATTR_CONVERSATION_ID,
  ATTR_CONVERSATION_OUTCOME,
  ATTR_CUSTOM_EVENT_NAME,
  ATTR_EVALUATION_EXPLANATION,
  ATTR_EVALUATION_NAME,
  ATTR_EVALUATION_SCORE_LABEL,
  ATTR_EVALUATION_SCORE_VALUE,
  ATTR_FEATURE,
  ATTR_JOURNEY_NAME,
  ATTR_JOURNEY_OUTCOME,
  ATTR_JOURNEY_STEP,
  ATTR_JOURNEY_STEP_INDEX,
  ATTR_PAGE_LOAD_DURATION,
  ATTR_PROMPT_VERSION,
  ATTR_REQUEST_MODEL,
  ATTR_TURN_ID,
  ATTR_USER_ID,
  CONVERSATION_OUTCOME,
  type ConversationOutcome,
  EVALUATION_NAME,
  EVENT,
  type JourneyOutcome,
} from '@bilan/contract';
import type { Attributes, AttributeValue, SpanContext } from '@opentelemetry/api';
import { newId } from './ids';
import { asRecord, defined, toAttributes, toCount, toLabel, toText } from './limits';
import { createPrivacy, type Privacy, type PrivacyOptions } from './privacy';
import { normaliseRating } from './rating';
import { readTurnRef, type TurnRef } from './turn-ref';

/** Largest page-load time accepted, in seconds; bigger values are almost surely milliseconds. */
export const MAX_PAGE_LOAD_SECONDS = 600;
/** Conversations and journeys remembered (for feature and step index); the oldest are forgotten. */
const MAX_REMEMBERED = 1000;

type Fields = Record<string, AttributeValue | undefined>;

/**
 * Where events go: an OpenTelemetry logger (core, node entry) or the lean OTLP/JSON transport (web entry).
 * `parent` is the span the event belongs to: a rated turn's, `null` for none (a TurnRef without a
 * traceparent), `undefined` for whatever span is active.
 */
type EmitEvent = (eventName: string, attributes: Attributes, parent: SpanContext | null | undefined) => void;

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

export interface EventOptions {
  /** Default `{ level: 'metadata' }`. */
  privacy?: PrivacyOptions;
  /** Told about everything dropped, truncated or failed; never required. */
  onError?: (error: Error) => void;
  /** Set by the node and web entries. */
  pipeline?: Pipeline;
}

/** Everything but turns: what a browser needs to report what its users think. */
export interface BilanEvents {
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

/** The events API and the state a turn wrapper shares with it. */
export interface Recorder {
  events: BilanEvents;
  /** Tells `onError` (and `warn`); never throws. */
  report(problem: unknown): void;
  privacy: Privacy;
  /** The given user id, else the identified one, as privacy allows. */
  userOf(given?: unknown): string | undefined;
  isClosed(): boolean;
}

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > MAX_REMEMBERED) map.delete(map.keys().next().value as string);
}

/**
 * The events of the contract on any sink. Every public method catches its own failures and reports them
 * through `onError` (and `warn`, which the OpenTelemetry-based entries point at `diag`).
 */
export function createRecorder(given: unknown, emitEvent: EmitEvent, warn?: (message: string) => void): Recorder {
  const options = asRecord(given) as EventOptions;
  const onError = typeof options.onError === 'function' ? options.onError : undefined;
  const report = (problem: unknown) => {
    const error = problem instanceof Error ? problem : new Error(String(problem));
    try {
      warn?.(error.message);
      onError?.(error);
    } catch {
      // The host's own hook failing must not break the host.
    }
  };
  const privacy = createPrivacy(options.privacy, report);
  const conversationFeatures = new Map<string, string | undefined>();
  const journeyIndexes = new Map<string, number>();
  let currentUser: string | undefined;
  let closed = false;

  const userOf = (given?: unknown) => privacy.userId(toLabel(given) ?? currentUser);

  /** Emits one event, with the current user unless it names one; `more` adds fields without a copy. */
  const emit = (eventName: string, attributes: Fields, parent?: SpanContext | null, more?: Fields) => {
    if (closed) return report(`${eventName} dropped: shut down`);
    const out = defined(attributes, more);
    const user = out[ATTR_USER_ID] ?? userOf();
    if (user !== undefined) out[ATTR_USER_ID] = user;
    emitEvent(eventName, out, parent);
  };

  /** Wraps a public call so nothing it does can throw into the host app; `fallback` answers instead. */
  const guard =
    (name: string, run: (...args: unknown[]) => unknown, fallback?: (...args: unknown[]) => unknown) =>
    (...args: unknown[]) => {
      try {
        return run(...args);
      } catch (error) {
        report(`${name} failed: ${String(error)}`);
        return fallback?.(...args);
      }
    };

  /** Flushes or shuts the entry's pipeline down; a failure is reported, never thrown. */
  const settle = async (step: keyof Pipeline) => {
    try {
      await options.pipeline?.[step]();
    } catch (error) {
      report(`${step} failed: ${String(error)}`);
    }
  };

  const rate = (
    name: string,
    evaluation: string,
    value: unknown,
    options: unknown,
    fields: Fields,
    parent?: SpanContext | null,
  ) => {
    const o = asRecord(options);
    const rating = normaliseRating(value, o.scale);
    if ('error' in rating) return report(`${name} dropped: ${rating.error}`);
    emit(
      EVENT.evaluationResult,
      {
        [ATTR_EVALUATION_NAME]: evaluation,
        [ATTR_EVALUATION_SCORE_VALUE]: rating.value,
        [ATTR_EVALUATION_SCORE_LABEL]: rating.label,
        [ATTR_EVALUATION_EXPLANATION]: privacy.comment(toText(o.comment)),
      },
      parent,
      fields,
    );
  };

  const turnFields = (turn: unknown) => {
    const { ref, spanContext, problems } = readTurnRef(turn);
    for (const problem of problems) report(problem);
    return {
      ref,
      parent: spanContext ?? null,
      fields: {
        [ATTR_TURN_ID]: ref?.turnId || undefined,
        [ATTR_CONVERSATION_ID]: ref?.conversationId,
        [ATTR_FEATURE]: ref?.feature,
        [ATTR_REQUEST_MODEL]: ref?.model,
        [ATTR_PROMPT_VERSION]: ref?.promptVersion,
      },
    };
  };

  const conversationIdOf = (options: unknown) => toLabel(asRecord(options).conversationId) ?? newId();

  const endJourney = (name: unknown, outcome: JourneyOutcome) => {
    const journey = toLabel(name);
    if (!journey) return report(`journey ${outcome} dropped: journey name missing`);
    journeyIndexes.delete(journey);
    emit(EVENT.journeyEnd, { [ATTR_JOURNEY_NAME]: journey, [ATTR_JOURNEY_OUTCOME]: outcome });
  };

  const calls: BilanEvents = {
    vote: (turn, value, options) => {
      const { fields, parent } = turnFields(turn);
      rate('vote', EVALUATION_NAME.userFeedback, value, options, fields, parent);
    },

    conversationFeedback: (conversationId, value, options) => {
      const id = toLabel(conversationId);
      if (!id) return report('conversationFeedback dropped: conversation id missing');
      rate('conversationFeedback', EVALUATION_NAME.conversationFeedback, value, options, {
        [ATTR_CONVERSATION_ID]: id,
        [ATTR_FEATURE]: conversationFeatures.get(id),
      });
    },

    regenerate: (turn) => {
      const { ref, fields, parent } = turnFields(turn);
      if (!ref) return report('regenerate dropped: no TurnRef');
      emit(EVENT.turnRegenerate, fields, parent);
    },

    startConversation: (options) => {
      const o = asRecord(options);
      const conversationId = conversationIdOf(o);
      const feature = toLabel(o.feature);
      remember(conversationFeatures, conversationId, feature);
      emit(EVENT.conversationStart, {
        [ATTR_CONVERSATION_ID]: conversationId,
        [ATTR_FEATURE]: feature,
        [ATTR_USER_ID]: userOf(o.userId),
      });
      return conversationId;
    },

    endConversation: (conversationId, outcome, options) => {
      const id = toLabel(conversationId);
      if (!id) return report('endConversation dropped: conversation id missing');
      if (!CONVERSATION_OUTCOME.includes(outcome))
        return report(`endConversation dropped: bad outcome ${String(outcome)}`);
      const feature = toLabel(asRecord(options).feature) ?? conversationFeatures.get(id);
      conversationFeatures.delete(id);
      emit(EVENT.conversationEnd, {
        [ATTR_CONVERSATION_ID]: id,
        [ATTR_CONVERSATION_OUTCOME]: outcome,
        [ATTR_FEATURE]: feature,
      });
    },

    journeyStep: (journeyName, stepName, options) => {
      const journey = toLabel(journeyName);
      const step = toLabel(stepName);
      if (!journey || !step) return report('journeyStep dropped: journey or step name missing');
      const index = toCount(asRecord(options).index) ?? journeyIndexes.get(journey) ?? 0;
      remember(journeyIndexes, journey, index + 1);
      emit(EVENT.journeyStep, {
        [ATTR_JOURNEY_NAME]: journey,
        [ATTR_JOURNEY_STEP]: step,
        [ATTR_JOURNEY_STEP_INDEX]: index,
      });
    },

    completeJourney: (name) => endJourney(name, 'completed'),
    abandonJourney: (name) => endJourney(name, 'abandoned'),

    track: (name, properties) => {
      const eventName = toLabel(name);
      if (!eventName) return report('track dropped: event name missing');
      const { attributes, dropped } = toAttributes(properties);
      if (dropped) report(`track ${eventName}: ${dropped} properties dropped`);
      emit(EVENT.custom, { ...attributes, [ATTR_CUSTOM_EVENT_NAME]: eventName });
    },

    identify: (userId) => {
      currentUser = toLabel(userId);
      if (userId !== undefined && !currentUser) report('identify: bad user id, user cleared');
    },

    reportPageLoad: (seconds) => {
      if (typeof seconds !== 'number' || !(seconds >= 0) || seconds > MAX_PAGE_LOAD_SECONDS) {
        return report(`page load dropped: ${String(seconds)} not in 0..${MAX_PAGE_LOAD_SECONDS} s`);
      }
      emit(EVENT.pageLoad, { [ATTR_PAGE_LOAD_DURATION]: seconds });
    },

    flush: () => settle('forceFlush'),

    async shutdown() {
      if (closed) return;
      closed = true;
      await settle('shutdown');
    },
  };
  const events = {} as Record<string, unknown>;
  for (const name in calls) {
    const call = calls[name as keyof BilanEvents] as (...args: unknown[]) => unknown;
    // startConversation still answers an id, so the app's conversation goes on.
    events[name] = guard(name, call, name === 'startConversation' ? conversationIdOf : undefined);
  }
  return { events: events as unknown as BilanEvents, report, privacy, userOf, isClosed: () => closed };
}
