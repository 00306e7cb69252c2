/** Log-record event names (`LogRecord.eventName`) of the telemetry contract. */
export const EVENT = {
  /** A vote or other feedback; in the rated turn's trace context. */
  evaluationResult: 'gen_ai.evaluation.result',
  conversationStart: 'bilan.conversation.start',
  conversationEnd: 'bilan.conversation.end',
  journeyStep: 'bilan.journey.step',
  /** A journey finished or was given up; outcome in `bilan.journey.outcome`. */
  journeyEnd: 'bilan.journey.end',
  turnRegenerate: 'bilan.turn.regenerate',
  /** Browser page-load timing, feeding the frontend-load alert. */
  pageLoad: 'bilan.page.load',
  /** The SDK reporting events it could not deliver. */
  sdkDropped: 'bilan.sdk.dropped',
  /** An app-defined event; its own name in `bilan.custom.name`. */
  custom: 'bilan.custom',
} as const;

/** `gen_ai.evaluation.name` values. Only `user_feedback` counts as a vote. */
export const EVALUATION_NAME = {
  userFeedback: 'user_feedback',
  conversationFeedback: 'conversation_feedback',
} as const;

export const RATING = ['positive', 'negative'] as const;
export type Rating = (typeof RATING)[number];

export const CONVERSATION_OUTCOME = ['completed', 'abandoned', 'escalated'] as const;
export type ConversationOutcome = (typeof CONVERSATION_OUTCOME)[number];

export const JOURNEY_OUTCOME = ['completed', 'abandoned'] as const;
export type JourneyOutcome = (typeof JOURNEY_OUTCOME)[number];

export const TURN_OUTCOME = ['success', 'error'] as const;
export type TurnOutcome = (typeof TURN_OUTCOME)[number];

/** `error.type` values of a failed turn. */
export const TURN_ERROR_TYPE = [
  'timeout',
  'rate_limit',
  'service_unavailable',
  'context_limit',
  'auth_error',
  'network_error',
  'unknown',
] as const;
export type TurnErrorType = (typeof TURN_ERROR_TYPE)[number];

export const TOKEN_TYPE = ['input', 'output'] as const;
