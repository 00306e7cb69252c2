/**
 * Prometheus series of the contract and their labels. `user.id`, conversation
 * and turn ids never become labels (cardinality).
 */
export const LABEL = {
  serviceName: 'service_name',
  /** From `deployment.environment.name`; lets every dashboard filter by environment. */
  environment: 'environment',
  feature: 'feature',
  model: 'model',
  promptVersion: 'prompt_version',
  rating: 'rating',
  outcome: 'outcome',
  journey: 'journey',
  step: 'step',
  tokenType: 'token_type',
  reason: 'reason',
} as const;

/** Value of a label whose attribute was absent. */
export const LABEL_VALUE_UNSET = 'none';
/** Value that bounded labels fold into beyond their allowlist or limit. */
export const LABEL_VALUE_OTHER = 'other';

const { serviceName, environment, feature, model, promptVersion, rating, outcome, journey, step, tokenType, reason } =
  LABEL;

export interface SeriesSpec {
  readonly name: string;
  readonly type: 'counter' | 'histogram';
  readonly labels: readonly string[];
  readonly help: string;
}

function series(spec: SeriesSpec): SeriesSpec {
  return spec;
}

export const SERIES = {
  votes: series({
    name: 'bilan_votes_total',
    type: 'counter',
    labels: [serviceName, environment, feature, model, promptVersion, rating],
    help: 'User votes on AI turns',
  }),
  turns: series({
    name: 'bilan_turns_total',
    type: 'counter',
    labels: [serviceName, environment, feature, model, outcome],
    help: 'AI turns by outcome',
  }),
  turnDuration: series({
    name: 'bilan_turn_duration_seconds',
    type: 'histogram',
    labels: [serviceName, environment, feature, model],
    help: 'AI turn latency',
  }),
  turnTokens: series({
    name: 'bilan_turn_tokens_total',
    type: 'counter',
    labels: [serviceName, environment, feature, model, tokenType],
    help: 'Tokens used by AI turns, input and output',
  }),
  conversationsStarted: series({
    name: 'bilan_conversations_started_total',
    type: 'counter',
    labels: [serviceName, environment, feature],
    help: 'Conversations started',
  }),
  conversationsEnded: series({
    name: 'bilan_conversations_ended_total',
    type: 'counter',
    labels: [serviceName, environment, feature, outcome],
    help: 'Conversations ended, by outcome',
  }),
  journeySteps: series({
    name: 'bilan_journey_steps_total',
    type: 'counter',
    labels: [serviceName, environment, journey, step],
    help: 'Journey steps reached',
  }),
  journeysEnded: series({
    name: 'bilan_journeys_ended_total',
    type: 'counter',
    labels: [serviceName, environment, journey, outcome],
    help: 'Journeys completed or abandoned',
  }),
  regenerations: series({
    name: 'bilan_regenerations_total',
    type: 'counter',
    labels: [serviceName, environment, feature, model],
    help: 'Answers the user asked to regenerate',
  }),
  pageLoad: series({
    name: 'bilan_page_load_duration_seconds',
    type: 'histogram',
    labels: [serviceName, environment],
    help: 'Browser page-load time reported by the web SDK',
  }),
  sdkDropped: series({
    name: 'bilan_sdk_dropped_events_total',
    type: 'counter',
    labels: [serviceName, environment, reason],
    help: 'Events the SDK could not deliver',
  }),
} as const;

export type SeriesKey = keyof typeof SERIES;
