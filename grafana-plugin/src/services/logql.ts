/**
 * LogQL for the events Loki holds: votes, conversation and journey events.
 * Loki stores OTLP log attributes as structured metadata under the names the
 * contract's `toLokiLabel` gives them, and the record's event name as `event_name`; values go through
 * JSON quoting (LogQL strings take Go escapes) and free text through Grafana's
 * regex escaping.
 */
import { ATTR, EVALUATION_NAME, EVENT, RESOURCE_ATTR, toLokiLabel } from '@bilan/contract';
import { escapeStringForRegex } from '@grafana/data';
import { type LabelFilters, RANGE } from './promql';

/** Loki names of the fields the app reads and filters on. */
export const LOKI_LABEL = {
  eventName: 'event_name',
  traceId: 'trace_id',
  spanId: 'span_id',
  serviceName: toLokiLabel(RESOURCE_ATTR.serviceName),
  environment: toLokiLabel(RESOURCE_ATTR.environment),
  feature: toLokiLabel(ATTR.feature),
  model: toLokiLabel(ATTR.requestModel),
  promptVersion: toLokiLabel(ATTR.promptVersion),
  rating: toLokiLabel(ATTR.evaluationScoreLabel),
  score: toLokiLabel(ATTR.evaluationScoreValue),
  comment: toLokiLabel(ATTR.evaluationExplanation),
  evaluationName: toLokiLabel(ATTR.evaluationName),
  conversationId: toLokiLabel(ATTR.conversationId),
  conversationOutcome: toLokiLabel(ATTR.conversationOutcome),
  turnId: toLokiLabel(ATTR.turnId),
  userId: toLokiLabel(ATTR.userId),
  journeyName: toLokiLabel(ATTR.journeyName),
  journeyStep: toLokiLabel(ATTR.journeyStep),
  journeyStepIndex: toLokiLabel(ATTR.journeyStepIndex),
} as const;

interface FeedbackFilters extends LabelFilters {
  /** Regex over `positive` / `negative`. */
  rating?: string;
  /** Only votes that carry a comment. */
  hasComment?: boolean;
  /** Case-insensitive literal text searched in the comment. */
  text?: string;
}

function quoteLogQLString(value: string): string {
  return JSON.stringify(value);
}

/** `{service_name=~"…"}`; Loki needs one non-empty matcher, so an unset service matches any. */
export function renderStreamSelector(service = '.+'): string {
  return `{${LOKI_LABEL.serviceName}=~${quoteLogQLString(service || '.+')}}`;
}

function regexFilter(label: string, value: string | undefined): string[] {
  return value === undefined || value === '' ? [] : [`${label}=~${quoteLogQLString(value)}`];
}

function equalsFilter(label: string, value: string): string {
  return `${label}=${quoteLogQLString(value)}`;
}

function renderLabelFilters(filters: readonly string[]): string {
  return filters.map((f) => ` | ${f}`).join('');
}

/** Every vote (user feedback) matching the filters, newest first as Loki returns them. */
export function buildFeedbackQuery(f: FeedbackFilters): string {
  const filters = [
    equalsFilter(LOKI_LABEL.eventName, EVENT.evaluationResult),
    equalsFilter(LOKI_LABEL.evaluationName, EVALUATION_NAME.userFeedback),
    ...regexFilter(LOKI_LABEL.environment, f.environment),
    ...regexFilter(LOKI_LABEL.feature, f.feature),
    ...regexFilter(LOKI_LABEL.model, f.model),
    ...regexFilter(LOKI_LABEL.promptVersion, f.promptVersion),
    ...regexFilter(LOKI_LABEL.rating, f.rating),
  ];
  if (f.hasComment) filters.push(`${LOKI_LABEL.comment}!=""`);
  const text = f.text?.trim();
  if (text) filters.push(`${LOKI_LABEL.comment}=~${quoteLogQLString(`(?i).*${escapeStringForRegex(text)}.*`)}`);
  return renderStreamSelector(f.serviceName) + renderLabelFilters(filters);
}

export function buildLatestNegativeFeedbackQuery(f: FeedbackFilters): string {
  return buildFeedbackQuery({ ...f, rating: 'negative' });
}

/** Conversation start and end events (the end carries the outcome). */
export function buildConversationEventsQuery(f: LabelFilters): string {
  const events = [EVENT.conversationStart, EVENT.conversationEnd].map((e) => equalsFilter(LOKI_LABEL.eventName, e));
  const filters = [events.join(' or '), ...regexFilter(LOKI_LABEL.environment, f.environment)];
  filters.push(...regexFilter(LOKI_LABEL.feature, f.feature));
  return renderStreamSelector(f.serviceName) + renderLabelFilters(filters);
}

/** Votes per conversation over the range (a LogQL metric query). */
export function buildVotesPerConversationQuery(f: LabelFilters): string {
  const votes = buildFeedbackQuery({ serviceName: f.serviceName, environment: f.environment, feature: f.feature });
  return `sum by (${LOKI_LABEL.conversationId}) (count_over_time(${votes} [${RANGE.whole}]))`;
}

/** Everything logged in one conversation: start, votes, regenerations, end. */
export function buildConversationTimelineQuery(conversationId: string, service?: string): string {
  return renderStreamSelector(service) + renderLabelFilters([equalsFilter(LOKI_LABEL.conversationId, conversationId)]);
}

/** One user's journey steps, to place them on a conversation's timeline. */
export function buildUserJourneyStepsQuery(userId: string, service?: string): string {
  const filters = [equalsFilter(LOKI_LABEL.eventName, EVENT.journeyStep), equalsFilter(LOKI_LABEL.userId, userId)];
  return renderStreamSelector(service) + renderLabelFilters(filters);
}
