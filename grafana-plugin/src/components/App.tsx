/** The app's root page: a SceneApp with one page per entry of PAGES, and a banner when a data source is missing. */
import { PLUGIN_ID } from '@bilan/contract';
import type { AppRootProps } from '@grafana/data';
import { initPluginTranslations } from '@grafana/i18n';
import { getDataSourceSrv, locationService } from '@grafana/runtime';
import { SceneApp, SceneAppPage, useSceneApp } from '@grafana/scenes';
import { Alert } from '@grafana/ui';
import { useEffect, useMemo } from 'react';
import { PLUGIN_BASE_URL, ROUTES } from '../constants';
import { PAGES } from '../pages';
import {
  type AppJsonData,
  findDatasourceProblems,
  type ResolvedDatasources,
  resolveDatasources,
} from '../utils/settings';
import { landingUrl } from '../utils/url-state';

// Scenes' own strings go through the bundled @grafana/i18n. Grafana has initialised the i18next
// instance it shares, so the bundled copy must be given the plugin's namespace (Grafana's plugin
// i18n guide does it in module.ts; here, in the lazy chunk, to keep module.js small); otherwise
// every string logs "t() was called before i18n was initialized".
await initPluginTranslations(PLUGIN_ID);

export function buildBilanApp(ds: ResolvedDatasources): SceneApp {
  return new SceneApp({
    name: PLUGIN_ID,
    urlSyncOptions: { updateUrlOnInit: true, createBrowserHistorySteps: true },
    pages: PAGES.map(
      (page) =>
        new SceneAppPage({
          title: page.title,
          subTitle: page.subTitle,
          url: `${PLUGIN_BASE_URL}/${page.route}`,
          routePath: `${page.route}/*`,
          getScene: () => page.build(ds),
        }),
    ),
  });
}

const appFactories = new Map<string, () => SceneApp>();

/**
 * One factory per choice of data sources, the same function every time:
 * `useSceneApp` caches the app by the factory's identity, and Grafana's
 * `AppRootPage` re-renders the app root on every location change, so a fresh
 * closure would build a new SceneApp (and re-run every query) on each filter
 * or time change.
 */
export function sceneAppFactory(ds: ResolvedDatasources): () => SceneApp {
  const key = JSON.stringify([ds.prometheus, ds.loki, ds.tempo]);
  let factory = appFactories.get(key);
  if (!factory) {
    factory = () => buildBilanApp(ds);
    appFactories.set(key, factory);
  }
  return factory;
}

export function DatasourceBanner({ ds }: { ds: ResolvedDatasources }) {
  const problems = findDatasourceProblems(ds, (uid) => getDataSourceSrv().getInstanceSettings(uid));
  if (problems.length === 0) return null;
  return (
    <Alert severity="warning" title="No data source configured">
      {problems.map((p) => (
        <div key={p.kind}>
          {p.kind}:{' '}
          {p.problem === 'missing' ? `no data source with uid "${p.uid}"` : `"${p.uid}" is not a ${p.kind} data source`}
        </div>
      ))}
      <a href={`/plugins/${PLUGIN_ID}`}>Choose data sources on the Configuration page</a>
    </Alert>
  );
}

export default function App({ meta, path }: AppRootProps<AppJsonData>) {
  const ds = useMemo(() => resolveDatasources(meta.jsonData), [meta.jsonData]);
  // Each page owns `<route>/*`; a page whose route were `*` would see its own name as an unknown sub-path.
  const landing = landingUrl(path, locationService.getLocation().search, ROUTES.overview);
  useEffect(() => {
    if (landing) locationService.replace(landing);
  }, [landing]);
  const scene = useSceneApp(sceneAppFactory(ds));
  return (
    <>
      <DatasourceBanner ds={ds} />
      <scene.Component model={scene} />
    </>
  );
}
