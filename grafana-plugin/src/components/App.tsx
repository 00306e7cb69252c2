/** The app's root page: a SceneApp with one page per entry of PAGES, and a banner when a data source is missing. */
import { PLUGIN_ID } from '@bilan/contract';
import type { AppRootProps } from '@grafana/data';
import { getDataSourceSrv } from '@grafana/runtime';
import { SceneApp, SceneAppPage, useSceneApp } from '@grafana/scenes';
import { Alert } from '@grafana/ui';
import { useMemo } from 'react';
import { PLUGIN_BASE_URL } from '../constants';
import { PAGES } from '../pages';
import {
  type AppJsonData,
  findDatasourceProblems,
  type ResolvedDatasources,
  resolveDatasources,
} from '../utils/settings';

export function buildBilanApp(ds: ResolvedDatasources): SceneApp {
  return new SceneApp({
    name: PLUGIN_ID,
    urlSyncOptions: { updateUrlOnInit: true, createBrowserHistorySteps: true },
    pages: PAGES.map(
      (page, i) =>
        new SceneAppPage({
          title: page.title,
          subTitle: page.subTitle,
          url: `${PLUGIN_BASE_URL}/${page.route}`,
          // The first page also answers the app's bare URL.
          routePath: i === 0 ? '*' : `${page.route}/*`,
          getScene: () => page.build(ds),
        }),
    ),
  });
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

export default function App({ meta }: AppRootProps<AppJsonData>) {
  const ds = useMemo(() => resolveDatasources(meta.jsonData), [meta.jsonData]);
  const scene = useSceneApp(() => buildBilanApp(ds));
  return (
    <>
      <DatasourceBanner ds={ds} />
      <scene.Component model={scene} />
    </>
  );
}
