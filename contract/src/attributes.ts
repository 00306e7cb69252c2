/**
 * Attribute names of the telemetry contract (DESIGN.md). OpenTelemetry GenAI
 * semantic-convention names where they exist, `bilan.*` only for the rest.
 *
 * Each name is its own constant so that a bundle keeps only the names its code uses (bundlers drop
 * unused exports, never unused properties of an object), as `@opentelemetry/semantic-conventions`
 * does with its `ATTR_*` constants. `ATTR` groups them for code that wants them all.
 */
// GenAI semantic conventions
export const ATTR_OPERATION_NAME = 'gen_ai.operation.name';
export const ATTR_PROVIDER_NAME = 'gen_ai.provider.name';
export const ATTR_REQUEST_MODEL = 'gen_ai.request.model';
export const ATTR_RESPONSE_MODEL = 'gen_ai.response.model';
export const ATTR_CONVERSATION_ID = 'gen_ai.conversation.id';
export const ATTR_INPUT_TOKENS = 'gen_ai.usage.input_tokens';
export const ATTR_OUTPUT_TOKENS = 'gen_ai.usage.output_tokens';
export const ATTR_EVALUATION_NAME = 'gen_ai.evaluation.name';
export const ATTR_EVALUATION_SCORE_VALUE = 'gen_ai.evaluation.score.value';
export const ATTR_EVALUATION_SCORE_LABEL = 'gen_ai.evaluation.score.label';
export const ATTR_EVALUATION_EXPLANATION = 'gen_ai.evaluation.explanation';
export const ATTR_ERROR_TYPE = 'error.type';
export const ATTR_USER_ID = 'user.id';
/** Prompt text of a turn; only captured at privacy level `redacted` or `full`. */
export const ATTR_INPUT_MESSAGES = 'gen_ai.input.messages';
/** Response text of a turn; only captured at privacy level `redacted` or `full`. */
export const ATTR_OUTPUT_MESSAGES = 'gen_ai.output.messages';
// Bilan's own
export const ATTR_TURN_ID = 'bilan.turn.id';
export const ATTR_FEATURE = 'bilan.feature';
export const ATTR_PROMPT_VERSION = 'bilan.prompt.version';
export const ATTR_CONVERSATION_OUTCOME = 'bilan.conversation.outcome';
export const ATTR_JOURNEY_NAME = 'bilan.journey.name';
export const ATTR_JOURNEY_STEP = 'bilan.journey.step';
export const ATTR_JOURNEY_STEP_INDEX = 'bilan.journey.step.index';
/** `completed` or `abandoned`, on `bilan.journey.end`. */
export const ATTR_JOURNEY_OUTCOME = 'bilan.journey.outcome';
/** Page load time in seconds (never milliseconds), on `bilan.page.load`. */
export const ATTR_PAGE_LOAD_DURATION = 'bilan.page.load.duration';
/** How many events the SDK had to drop, on `bilan.sdk.dropped`. */
export const ATTR_DROPPED_COUNT = 'bilan.sdk.dropped.count';
/** Why they were dropped: `queue_full`, `export_failed`, `invalid`. */
export const ATTR_DROPPED_REASON = 'bilan.sdk.dropped.reason';
/** Name of an app-defined event, on `bilan.custom`. */
export const ATTR_CUSTOM_EVENT_NAME = 'bilan.custom.name';

/** Every attribute name above, by role. */
export const ATTR = {
  // GenAI semantic conventions
  operationName: ATTR_OPERATION_NAME,
  providerName: ATTR_PROVIDER_NAME,
  requestModel: ATTR_REQUEST_MODEL,
  responseModel: ATTR_RESPONSE_MODEL,
  conversationId: ATTR_CONVERSATION_ID,
  inputTokens: ATTR_INPUT_TOKENS,
  outputTokens: ATTR_OUTPUT_TOKENS,
  evaluationName: ATTR_EVALUATION_NAME,
  evaluationScoreValue: ATTR_EVALUATION_SCORE_VALUE,
  evaluationScoreLabel: ATTR_EVALUATION_SCORE_LABEL,
  evaluationExplanation: ATTR_EVALUATION_EXPLANATION,
  errorType: ATTR_ERROR_TYPE,
  userId: ATTR_USER_ID,
  inputMessages: ATTR_INPUT_MESSAGES,
  outputMessages: ATTR_OUTPUT_MESSAGES,
  // Bilan's own
  turnId: ATTR_TURN_ID,
  feature: ATTR_FEATURE,
  promptVersion: ATTR_PROMPT_VERSION,
  conversationOutcome: ATTR_CONVERSATION_OUTCOME,
  journeyName: ATTR_JOURNEY_NAME,
  journeyStep: ATTR_JOURNEY_STEP,
  journeyStepIndex: ATTR_JOURNEY_STEP_INDEX,
  journeyOutcome: ATTR_JOURNEY_OUTCOME,
  pageLoadDuration: ATTR_PAGE_LOAD_DURATION,
  droppedCount: ATTR_DROPPED_COUNT,
  droppedReason: ATTR_DROPPED_REASON,
  customEventName: ATTR_CUSTOM_EVENT_NAME,
} as const;

// Resource attributes every Bilan producer sets.
export const RESOURCE_ATTR_SERVICE_NAME = 'service.name';
export const RESOURCE_ATTR_SERVICE_VERSION = 'service.version';
export const RESOURCE_ATTR_ENVIRONMENT = 'deployment.environment.name';

/** Resource attributes every Bilan producer sets. */
export const RESOURCE_ATTR = {
  serviceName: RESOURCE_ATTR_SERVICE_NAME,
  serviceVersion: RESOURCE_ATTR_SERVICE_VERSION,
  environment: RESOURCE_ATTR_ENVIRONMENT,
} as const;

export type AttributeName = (typeof ATTR)[keyof typeof ATTR];
