/**
 * Attribute names of the telemetry contract (DESIGN.md). OpenTelemetry GenAI
 * semantic-convention names where they exist, `bilan.*` only for the rest.
 */
export const ATTR = {
  // GenAI semantic conventions
  operationName: 'gen_ai.operation.name',
  providerName: 'gen_ai.provider.name',
  requestModel: 'gen_ai.request.model',
  responseModel: 'gen_ai.response.model',
  conversationId: 'gen_ai.conversation.id',
  inputTokens: 'gen_ai.usage.input_tokens',
  outputTokens: 'gen_ai.usage.output_tokens',
  evaluationName: 'gen_ai.evaluation.name',
  evaluationScoreValue: 'gen_ai.evaluation.score.value',
  evaluationScoreLabel: 'gen_ai.evaluation.score.label',
  evaluationExplanation: 'gen_ai.evaluation.explanation',
  errorType: 'error.type',
  userId: 'user.id',
  /** Prompt text of a turn; only captured at privacy level `redacted` or `full`. */
  inputMessages: 'gen_ai.input.messages',
  /** Response text of a turn; only captured at privacy level `redacted` or `full`. */
  outputMessages: 'gen_ai.output.messages',
  // Bilan's own
  turnId: 'bilan.turn.id',
  feature: 'bilan.feature',
  promptVersion: 'bilan.prompt.version',
  conversationOutcome: 'bilan.conversation.outcome',
  journeyName: 'bilan.journey.name',
  journeyStep: 'bilan.journey.step',
  journeyStepIndex: 'bilan.journey.step.index',
  /** `completed` or `abandoned`, on `bilan.journey.end`. */
  journeyOutcome: 'bilan.journey.outcome',
  /** Page load time in seconds (never milliseconds), on `bilan.page.load`. */
  pageLoadDuration: 'bilan.page.load.duration',
  /** How many events the SDK had to drop, on `bilan.sdk.dropped`. */
  droppedCount: 'bilan.sdk.dropped.count',
  /** Why they were dropped: `queue_full`, `export_failed`, `invalid`. */
  droppedReason: 'bilan.sdk.dropped.reason',
  /** Name of an app-defined event, on `bilan.custom`. */
  customEventName: 'bilan.custom.name',
} as const;

/** Resource attributes every Bilan producer sets. */
export const RESOURCE_ATTR = {
  serviceName: 'service.name',
  serviceVersion: 'service.version',
  environment: 'deployment.environment.name',
} as const;

export type AttributeName = (typeof ATTR)[keyof typeof ATTR];
