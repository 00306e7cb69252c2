/**
 * What Grafana sets up in @grafana/runtime before any plugin runs, cut down to
 * what an app plugin on Scenes calls: the query runner, the template service,
 * the panel-plugin importer and the app event bus. Each follows the Grafana
 * 13.1.1 code it stands in for, named on each.
 */
import {
  type DataQueryRequest,
  type DataQueryResponse,
  type DataSourceApi,
  EventBusSrv,
  getDisplayProcessor,
  LoadingState,
  type PanelData,
  PanelPlugin,
  type PanelProps,
  type ScopedVars,
} from '@grafana/data';
import {
  setAppEvents,
  setPluginImportUtils,
  setRunRequest,
  setTemplateSrv,
  type TemplateSrv,
  toDataQueryError,
} from '@grafana/runtime';
import type { SceneObject } from '@grafana/scenes';
import { useTheme2 } from '@grafana/ui';
import { interpolate } from 'grafana-scenes-scene-graph';
import { from, isObservable, map, Observable, of, startWith } from 'rxjs';
import { catchError } from 'rxjs/operators';

/** Queries sent and not yet answered, for "every panel reached a terminal state". */
export const inflight = { count: 0, sent: 0 };

/**
 * `runRequest` (public/app/features/query/state/runRequest.ts): Loading first,
 * then the response's frames as Done, or Error with the data source's message.
 */
function runRequest(ds: DataSourceApi, request: DataQueryRequest): Observable<PanelData> {
  const timeRange = request.range;
  return new Observable<PanelData>((subscriber) => {
    inflight.count++;
    inflight.sent++;
    const answer = ds.query(request);
    const response$: Observable<DataQueryResponse> = isObservable(answer) ? answer : from(answer);
    const sub = response$
      .pipe(
        map(
          (res): PanelData =>
            res.errors?.length || res.error
              ? {
                  state: LoadingState.Error,
                  series: res.data ?? [],
                  errors: res.errors ?? (res.error ? [res.error] : []),
                  timeRange,
                  request,
                }
              : { state: LoadingState.Done, series: res.data ?? [], timeRange, request },
        ),
        catchError((err) =>
          of<PanelData>({ state: LoadingState.Error, series: [], errors: [toDataQueryError(err)], timeRange, request }),
        ),
        startWith<PanelData>({ state: LoadingState.Loading, series: [], timeRange, request }),
      )
      .subscribe(subscriber);
    return () => {
      inflight.count--;
      sub.unsubscribe();
    };
  });
}

/**
 * TemplateSrv.replace (public/app/features/templating/template_srv.ts): a query
 * sent by a scene carries its scene object, and Grafana interpolates through
 * its own copy of Scenes' `sceneGraph.interpolate`, as here.
 */
const templateSrv: TemplateSrv = {
  getVariables: () => [],
  replace(target, scopedVars?: ScopedVars, format?) {
    const sceneObject = scopedVars?.__sceneObject?.value?.valueOf() as SceneObject | undefined;
    if (!target || !sceneObject) return target ?? '';
    return interpolate(sceneObject, target, scopedVars, format as Parameters<typeof interpolate>[3]);
  },
  containsTemplate: (target) => !!target && /\$\w+|\[\[\w+/.test(target),
  updateTimeRange: () => {},
};

/**
 * Core visualisations (time series, stat, table, …) ship inside Grafana, not on
 * npm: a stand-in panel draws the frames it receives as a short list, and marks
 * its state for the check.
 */
function HostPanel({ data, width, height }: PanelProps) {
  const theme = useTheme2();
  const series = data.series.flatMap((frame) =>
    frame.fields
      .filter((f) => f.type === 'number')
      .map((f) => {
        const display = getDisplayProcessor({ field: f, theme });
        const last = f.values.length ? display(f.values[f.values.length - 1]) : undefined;
        const name = f.config.displayNameFromDS ?? (f.labels ? Object.values(f.labels).join(' ') : '') ?? f.name;
        return `${name || f.name}: ${last ? `${last.prefix ?? ''}${last.text}${last.suffix ?? ''}` : '–'}`;
      }),
  );
  return (
    <div
      data-host-panel=""
      data-state={data.state}
      data-has-data={series.length > 0 ? 'yes' : 'no'}
      style={{ width, height, overflow: 'hidden', fontSize: 12, color: theme.colors.text.secondary }}
    >
      {series.length === 0 ? 'No data' : series.slice(0, 8).map((s) => <div key={s}>{s}</div>)}
      {series.length > 8 && <div>… {series.length - 8} more series</div>}
    </div>
  );
}

const panelPlugins = new Map<string, PanelPlugin>();

function standInPanel(id: string): PanelPlugin {
  let plugin = panelPlugins.get(id);
  if (!plugin) {
    plugin = new PanelPlugin(HostPanel);
    plugin.meta = {
      id,
      name: `${id} (stand-in)`,
      type: 'panel',
      module: '',
      baseUrl: '',
      info: {
        author: { name: 'host' },
        description: '',
        links: [],
        logos: { small: '', large: '' },
        screenshots: [],
        updated: '',
        version: '',
      },
    } as never;
    panelPlugins.set(id, plugin);
  }
  return plugin;
}

export function setUpGrafanaServices(): void {
  setRunRequest(runRequest);
  setTemplateSrv(templateSrv);
  setAppEvents(new EventBusSrv() as never);
  setPluginImportUtils({
    importPanelPlugin: async (id) => standInPanel(id),
    getPanelPluginFromCache: (id) => panelPlugins.get(id),
  });
}
