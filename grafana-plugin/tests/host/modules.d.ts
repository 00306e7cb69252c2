/**
 * Module names only the host bundle knows (build-host.ts resolves them): the
 * router pair Grafana 13.1.1 serves, and two Grafana-internal entries that npm
 * packages do not export.
 */
declare module 'grafana-react-router-dom-v5' {
  import type { ComponentType, ReactNode } from 'react';
  export const Router: ComponentType<{ history: unknown; children?: ReactNode }>;
}

declare module 'grafana-react-router-dom-v5-compat' {
  import type { ComponentType, ReactNode } from 'react';

  export * from 'react-router-dom';
  export const CompatRouter: ComponentType<{ children?: ReactNode }>;
}

declare module 'grafana-i18n-internal' {
  export function getI18nInstance(): unknown;
  export function initializeI18n(options: { language: string; ns?: string[] }): Promise<{ language?: string }>;
}

declare module 'grafana-scenes-scene-graph' {
  import type { ScopedVars } from '@grafana/data';
  import type { SceneObject, VariableCustomFormatterFn } from '@grafana/scenes';
  export function interpolate(
    sceneObject: SceneObject,
    value: string | undefined | null,
    scopedVars?: ScopedVars,
    format?: string | VariableCustomFormatterFn,
  ): string;
}
