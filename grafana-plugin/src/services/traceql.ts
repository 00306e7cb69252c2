/**
 * TraceQL for turn spans in Tempo. Span attributes keep their OTLP names
 * (`span.gen_ai.request.model`); values go through JSON quoting (TraceQL strings
 * take Go escapes).
 */
import { ATTR, RESOURCE_ATTR } from '@bilan/contract';
import type { LabelFilters } from './promql';

function quoteTraceQLString(value: string): string {
  return JSON.stringify(value);
}

const span = (attribute: string) => `span.${attribute}`;
const resource = (attribute: string) => `resource.${attribute}`;

/** Turn spans are the ones with a GenAI operation name. */
const IS_TURN = `${span(ATTR.operationName)} != nil`;

function renderConditions(f: LabelFilters, extra: readonly string[] = []): string {
  const conditions = [IS_TURN, ...extra];
  const regex: [string, string | undefined][] = [
    [resource(RESOURCE_ATTR.serviceName), f.serviceName],
    [resource(RESOURCE_ATTR.environment), f.environment],
    [span(ATTR.feature), f.feature],
    [span(ATTR.requestModel), f.model],
    [span(ATTR.promptVersion), f.promptVersion],
  ];
  for (const [attribute, value] of regex) {
    if (value !== undefined && value !== '') conditions.push(`${attribute} =~ ${quoteTraceQLString(value)}`);
  }
  return `{ ${conditions.join(' && ')} }`;
}

/** Turn spans matching the filters, with the attributes the turn table shows. */
export function buildTurnSearchQuery(f: LabelFilters): string {
  const shown = [ATTR.feature, ATTR.requestModel, ATTR.promptVersion, ATTR.errorType, ATTR.turnId, ATTR.conversationId];
  return `${renderConditions(f)} | select(${shown.map(span).join(', ')})`;
}

/** Failed turns per second by `error.type` (a TraceQL metrics query). */
export function buildTurnErrorsByTypeQuery(f: LabelFilters): string {
  const errorType = span(ATTR.errorType);
  return `${renderConditions(f, [`${errorType} != nil`])} | rate() by (${errorType})`;
}

/** Turns per conversation over the range, for the conversation list. */
export function buildTurnsPerConversationQuery(f: LabelFilters): string {
  const id = span(ATTR.conversationId);
  return `${renderConditions(f, [`${id} != nil`])} | count_over_time() by (${id})`;
}

/** The turns of one conversation, for its timeline. */
export function buildConversationTurnsQuery(conversationId: string): string {
  const condition = `${span(ATTR.conversationId)} = ${quoteTraceQLString(conversationId)}`;
  const shown = [ATTR.turnId, ATTR.requestModel, ATTR.errorType, ATTR.inputTokens, ATTR.outputTokens];
  return `${renderConditions({}, [condition])} | select(${shown.map(span).join(', ')})`;
}
