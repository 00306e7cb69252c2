/**
 * The host's side of Grafana 13.1.1's shared-module map
 * (`public/app/features/plugins/loader/sharedDependencies.ts` at v13.1.1), with
 * the real packages at the versions Grafana pins: every module name of
 * `scripts/grafana-shared-map.ts` a React app plugin can import. The router pair
 * is the one `@grafana/ui@13.1.1` installs: `react-router-dom` 5.3.4 under its
 * own name, `react-router-dom-v5-compat` (the v6 API) under `react-router`
 * (`build-host.ts` resolves both from `@grafana/ui`). The AngularJS-era `app/...`
 * paths, jQuery's flot plugins, slate, d3 and monaco are left out: nothing in a
 * React app imports them, and a plugin that did would fail to load here.
 */
import * as emotionCss from '@emotion/css';
import * as emotionReact from '@emotion/react';
import * as grafanaData from '@grafana/data';
import * as grafanaRuntime from '@grafana/runtime';
import * as grafanaRuntimeUnstable from '@grafana/runtime/unstable';
import * as grafanaUIraw from '@grafana/ui';
import * as grafanaUIUnstable from '@grafana/ui/unstable';
import { getI18nInstance } from 'grafana-i18n-internal';
import * as reactRouterDomV5 from 'grafana-react-router-dom-v5';
import * as reactRouterDomV5Compat from 'grafana-react-router-dom-v5-compat';
import lodash from 'lodash';
import moment from 'moment';
import * as react from 'react';
import * as jsxRuntime from 'react/jsx-runtime';
import * as reactDom from 'react-dom';
import * as reactDomClient from 'react-dom/client';
import * as rxjs from 'rxjs';
import * as rxjsOperators from 'rxjs/operators';

// As Grafana does: the plugin base classes are reachable from @grafana/ui too.
const grafanaUI: Record<string, unknown> = { ...grafanaUIraw };
grafanaUI.PanelPlugin = grafanaData.PanelPlugin;
grafanaUI.DataSourcePlugin = grafanaData.DataSourcePlugin;
grafanaUI.AppPlugin = grafanaData.AppPlugin;
grafanaUI.DataSourceApi = grafanaData.DataSourceApi;

export const sharedDependenciesMap: Record<string, unknown> = {
  '@emotion/css': emotionCss,
  '@emotion/react': emotionReact,
  '@grafana/data': grafanaData,
  '@grafana/runtime': grafanaRuntime,
  '@grafana/runtime/unstable': grafanaRuntimeUnstable,
  '@grafana/ui': grafanaUI,
  '@grafana/ui/unstable': grafanaUIUnstable,
  emotion: emotionCss,
  i18next: getI18nInstance(),
  lodash: { ...lodash, default: lodash, __useDefault: true },
  moment: { ...moment, default: moment, __useDefault: true },
  react,
  'react/jsx-runtime': jsxRuntime,
  'react-dom': reactDom,
  'react-dom/client': reactDomClient,
  'react-router-dom': reactRouterDomV5,
  'react-router': reactRouterDomV5Compat,
  rxjs,
  'rxjs/operators': rxjsOperators,
};
