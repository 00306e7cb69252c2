/**
 * What the build leaves for Grafana to provide: every module of Grafana's
 * shared-module map (one React, one @grafana/ui theme, one i18next), except
 * `react-router-dom`. Grafana serves that name as v5, while the bundled Scenes
 * and our pages use v6, so it is bundled; its v6 `react-router` core stays
 * external, which Grafana serves from `react-router-dom-v5-compat` so the
 * plugin shares the host's router context. create-plugin's externals template
 * (`.config/bundler/externals.ts`) does the same: `react-router-dom` is external
 * only `{{#unless useReactRouterV6}}`. Everything else, @grafana/scenes
 * included, is bundled.
 */
import { GRAFANA_SHARED_MAP } from './grafana-shared-map';

/** Shared by Grafana under a name whose version the plugin cannot use. */
const BUNDLED_DESPITE_SHARED = new Set(['react-router-dom']);

export function isGrafanaShared(id: string): boolean {
  return Object.hasOwn(GRAFANA_SHARED_MAP, id) && !BUNDLED_DESPITE_SHARED.has(id);
}
