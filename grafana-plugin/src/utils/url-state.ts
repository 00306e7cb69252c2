/**
 * The app's shareable state in a URL: the time range (`from`, `to`) and filters
 * as `var-<name>` parameters, the way Scenes syncs variables. Parsing keeps only
 * known names and bounds what it keeps, so a crafted link cannot bloat queries.
 */
import { PLUGIN_BASE_URL, type Route, VAR, type VarName } from '../constants';

interface AppUrlState {
  from?: string;
  to?: string;
  filters: Partial<Record<VarName, string[]>>;
}

/** Longest value and most values kept per filter. */
export const URL_LIMITS = { valueLength: 500, valuesPerFilter: 50 } as const;

const VAR_NAMES = new Set<string>(Object.values(VAR));
const isVarName = (name: string): name is VarName => VAR_NAMES.has(name);

export function toSearchParams(state: AppUrlState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.from) params.set('from', state.from);
  if (state.to) params.set('to', state.to);
  for (const [name, values] of Object.entries(state.filters)) {
    for (const value of values ?? []) params.append(`var-${name}`, value);
  }
  return params;
}

export function fromSearchParams(search: string | URLSearchParams): AppUrlState {
  const params = typeof search === 'string' ? new URLSearchParams(search) : search;
  const state: AppUrlState = { filters: {} };
  const from = params.get('from');
  const to = params.get('to');
  if (from) state.from = from.slice(0, URL_LIMITS.valueLength);
  if (to) state.to = to.slice(0, URL_LIMITS.valueLength);
  for (const [key, value] of params) {
    const name = key.startsWith('var-') ? key.slice(4) : '';
    if (!isVarName(name)) continue;
    const values = state.filters[name] ?? [];
    state.filters[name] = values;
    if (values.length < URL_LIMITS.valuesPerFilter) values.push(value.slice(0, URL_LIMITS.valueLength));
  }
  return state;
}

/** A link to an app page carrying the given state. */
export function buildAppUrl(page: Route, state: AppUrlState = { filters: {} }): string {
  const query = toSearchParams(state).toString();
  return `${PLUGIN_BASE_URL}/${page}${query ? `?${query}` : ''}`;
}

/**
 * Where the app's bare URL (`/a/<plugin id>`, from a bookmark or Grafana's app
 * list) leads: the first page, with the same query. Undefined on any other path.
 */
export function landingUrl(path: string, search: string, firstPage: Route): string | undefined {
  if (path.replace(/\/+$/, '') !== PLUGIN_BASE_URL) return undefined;
  return `${PLUGIN_BASE_URL}/${firstPage}${search}`;
}
