import { DATASOURCE_UID, PLUGIN_ID } from '@bilan/contract';

export const PLUGIN_BASE_URL = `/a/${PLUGIN_ID}`;

/** App pages, in menu order; each is also its route segment. */
export const ROUTES = {
  overview: 'overview',
  feedback: 'feedback',
  turns: 'turns',
  conversations: 'conversations',
  journeys: 'journeys',
  compare: 'compare',
} as const;
export type Route = (typeof ROUTES)[keyof typeof ROUTES];

/** Scene variable names; each lives in the URL as `var-<name>`. */
export const VAR = {
  service: 'service',
  environment: 'environment',
  feature: 'feature',
  model: 'model',
  promptVersion: 'prompt_version',
  rating: 'rating',
  hasComment: 'has_comment',
  text: 'q',
  conversation: 'conversation',
  /** Hidden, not in the URL: the picked conversation's user, read from its events. */
  conversationUser: 'conversation_user',
} as const;
export type VarName = (typeof VAR)[keyof typeof VAR];

/** The provisioned data source uids, used until the Configuration page picks others. */
export const DEFAULT_DATASOURCES = {
  prometheus: DATASOURCE_UID.prometheus,
  loki: DATASOURCE_UID.loki,
  tempo: DATASOURCE_UID.tempo,
} as const;

export const DEFAULT_TIME_RANGE = { from: 'now-7d', to: 'now' } as const;
