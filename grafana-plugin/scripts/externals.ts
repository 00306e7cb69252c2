/**
 * Modules Grafana hands to plugins at run time (its SystemJS shared-dependency
 * map), so the plugin must not bundle them: one React, one @grafana/ui theme, one
 * router. Everything else, @grafana/scenes included, is bundled.
 */
export const GRAFANA_SHARED_MODULES = [
  '@emotion/css',
  '@emotion/react',
  '@grafana/data',
  '@grafana/data/unstable',
  '@grafana/runtime',
  '@grafana/runtime/unstable',
  '@grafana/ui',
  '@grafana/ui/unstable',
  '@grafana/slate-react',
  'd3',
  'emotion',
  'i18next',
  'jquery',
  'lodash',
  'moment',
  'prismjs',
  'react',
  'react/jsx-runtime',
  'react/jsx-dev-runtime',
  'react-dom',
  'react-dom/client',
  'react-inlinesvg',
  'react-redux',
  'react-router',
  'react-router-dom',
  'redux',
  'rxjs',
  'rxjs/operators',
  'slate',
  'slate-plain-serializer',
  'slate-react',
] as const;

const SHARED = new Set<string>(GRAFANA_SHARED_MODULES);

export function isGrafanaShared(id: string): boolean {
  return SHARED.has(id);
}
