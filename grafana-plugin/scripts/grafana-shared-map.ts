/**
 * The modules Grafana 13.1.1 hands to a plugin at run time, and the version of
 * the package behind each: the host side of every external import of the
 * built plugin. Read, not guessed:
 *
 * - the module names are the keys of `sharedDependenciesMap` in Grafana's
 *   `public/app/features/plugins/loader/sharedDependencies.ts` (tag v13.1.1),
 *   minus the `app/...` paths and the jquery.flot stubs, which no
 *   React plugin imports;
 * - the versions are those Grafana pins in its `package.json` for the packages
 *   behind them; the router pair is confirmed by the published
 *   `@grafana/ui@13.1.1`, which depends on `react-router-dom` 5.3.4 and
 *   `react-router-dom-v5-compat` ^6.26.1, exactly what the map serves.
 *
 * Two entries are not what their name suggests: `react-router-dom` is v5
 * (Grafana's own router), and `react-router` is `react-router-dom-v5-compat`,
 * which re-exports the v6 API. `i18next` is Grafana's i18next instance (v25).
 */
export interface SharedModule {
  /** The npm package Grafana serves under this module name. */
  package: string;
  /** The version Grafana pins for that package (the API a plugin gets). */
  version: string;
}

/** Grafana's own packages are served at the version of the running Grafana. */
const GRAFANA_VERSION = '13.1.1';

const grafana = (name: string): SharedModule => ({ package: name, version: GRAFANA_VERSION });
const pkg = (name: string, version: string): SharedModule => ({ package: name, version });

export const GRAFANA_SHARED_MAP: Readonly<Record<string, SharedModule>> = {
  '@emotion/css': pkg('@emotion/css', '11.13.5'),
  '@emotion/react': pkg('@emotion/react', '11.14.0'),
  '@grafana/data': grafana('@grafana/data'),
  '@grafana/data/unstable': grafana('@grafana/data'),
  '@grafana/runtime': grafana('@grafana/runtime'),
  '@grafana/runtime/unstable': grafana('@grafana/runtime'),
  '@grafana/slate-react': pkg('slate-react', '0.22.10'),
  '@grafana/ui': grafana('@grafana/ui'),
  '@grafana/ui/unstable': grafana('@grafana/ui'),
  '@kusto/monaco-kusto': pkg('@kusto/monaco-kusto', '10.0.0'),
  d3: pkg('d3', '7.9.0'),
  emotion: pkg('@emotion/css', '11.13.5'),
  i18next: pkg('i18next', '25.0.0'),
  jquery: pkg('jquery', '3.7.1'),
  lodash: pkg('lodash', '4.17.21'),
  moment: pkg('moment', '2.30.1'),
  prismjs: pkg('prismjs', '1.30.0'),
  react: pkg('react', '18.3.1'),
  'react/jsx-runtime': pkg('react', '18.3.1'),
  'react/jsx-dev-runtime': pkg('react', '18.3.1'),
  'react-dom': pkg('react-dom', '18.3.1'),
  'react-dom/client': pkg('react-dom', '18.3.1'),
  'react-dom/server': pkg('react-dom', '18.3.1'),
  'react-inlinesvg': pkg('react-inlinesvg', '4.2.0'),
  'react-redux': pkg('react-redux', '9.2.0'),
  'react-router-dom': pkg('react-router-dom', '5.3.4'),
  'react-router': pkg('react-router-dom-v5-compat', '6.26.1'),
  redux: pkg('redux', '5.0.1'),
  rxjs: pkg('rxjs', '7.8.2'),
  'rxjs/operators': pkg('rxjs', '7.8.2'),
  slate: pkg('slate', '0.47.9'),
  'slate-plain-serializer': pkg('slate-plain-serializer', '0.7.13'),
  'slate-react': pkg('slate-react', '0.22.10'),
};
