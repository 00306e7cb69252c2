/** Links from a vote: to its trace in Grafana Explore (Tempo), and to its conversation in the app. */
import { ROUTES, VAR } from '../constants';
import { buildAppUrl } from './url-state';

export interface LinkRange {
  from: string;
  to: string;
}

/** Explore with one Tempo pane looking up `traceId` (Explore's `panes` URL format, schemaVersion 1). */
export function buildTraceExploreUrl(tempoUid: string, traceId: string, range?: LinkRange): string {
  const pane = {
    datasource: tempoUid,
    queries: [{ refId: 'A', datasource: { type: 'tempo', uid: tempoUid }, queryType: 'traceql', query: traceId }],
    range: range ?? { from: 'now-1h', to: 'now' },
  };
  const params = new URLSearchParams({ schemaVersion: '1', panes: JSON.stringify({ trace: pane }) });
  return `/explore?${params.toString()}`;
}

/** The Conversations page with this conversation's timeline open. */
export function buildConversationUrl(conversationId: string, range?: LinkRange): string {
  return buildAppUrl(ROUTES.conversations, { ...range, filters: { [VAR.conversation]: [conversationId] } });
}
