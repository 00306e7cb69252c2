import { ATTR, EVALUATION_NAME, EVENT, RESOURCE_ATTR, toLokiLabel } from '@bilan/contract';
import type { DashboardConfig } from '../config';
import type { LokiQuery, TempoQuery } from './types';

/**
 * Queries of the Feedback dashboard. Loki 3 OTLP ingest keeps `service.name` as the
 * `service_name` stream label and stores log attributes and the record's `event_name`
 * as structured metadata, under the names the contract's `toLokiLabel` gives them.
 * A label filter after the selector (`| name="v"`) matches stream labels and structured
 * metadata alike, so these queries hold whichever of the two Loki makes an attribute.
 */

/** The name TraceQL gives a span attribute: scoped, quoted when it is not a plain identifier. */
export function traceqlAttribute(scope: 'span' | 'resource', attribute: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(attribute) ? `${scope}.${attribute}` : `${scope}."${attribute}"`;
}

/** `|` label filters for the dashboard variables that votes carry. */
function voteVariableFilters(): string[] {
  return [
    `${toLokiLabel(RESOURCE_ATTR.environment)}=~"$environment"`,
    `${toLokiLabel(ATTR.feature)}=~"$feature"`,
    `${toLokiLabel(ATTR.requestModel)}=~"$model"`,
    `${toLokiLabel(ATTR.promptVersion)}=~"$prompt_version"`,
    `${toLokiLabel(ATTR.conversationId)}=~"$conversation"`,
  ];
}

/** Vote log records (user feedback on a turn) filtered by the dashboard variables. */
function voteLogs(_config: DashboardConfig): string {
  const filters = [
    `event_name="${EVENT.evaluationResult}"`,
    `${toLokiLabel(ATTR.evaluationName)}="${EVALUATION_NAME.userFeedback}"`,
    ...voteVariableFilters(),
  ];
  return `{${toLokiLabel(RESOURCE_ATTR.serviceName)}=~"$service"} | ${filters.join(' | ')}`;
}

/** Votes that carry a comment: the rows of the feedback table. */
export function votesWithComments(config: DashboardConfig): LokiQuery {
  return { expr: `${voteLogs(config)} | ${toLokiLabel(ATTR.evaluationExplanation)}!=""` };
}

/** Votes over time by rating label, counted from the logs (cross-checks the metrics). */
export function voteLogRate(config: DashboardConfig): LokiQuery {
  const label = toLokiLabel(ATTR.evaluationScoreLabel);
  return {
    expr: `sum by (${label}) (count_over_time(${voteLogs(config)} [$__auto]))`,
    legendFormat: `{{${label}}}`,
  };
}

/** Failed turns in Tempo, filtered by the dashboard variables. */
export function failedTurns(_config: DashboardConfig): TempoQuery {
  const conditions = [
    `${traceqlAttribute('resource', RESOURCE_ATTR.serviceName)} =~ "$service"`,
    `${traceqlAttribute('span', ATTR.feature)} =~ "$feature"`,
    `${traceqlAttribute('span', ATTR.requestModel)} =~ "$model"`,
    `${traceqlAttribute('span', ATTR.promptVersion)} =~ "$prompt_version"`,
    'status = error',
  ];
  return { query: `{ ${conditions.join(' && ')} }`, limit: 50 };
}
