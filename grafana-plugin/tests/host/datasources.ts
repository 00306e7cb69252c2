/**
 * The data sources registered in the host. Prometheus is real: queries go through
 * the host server's data-source proxy (as Grafana's `/api/datasources/proxy/uid/…`)
 * to the Prometheus of the pipeline, and answers become frames as Grafana's
 * Prometheus data source shapes them (one frame per series, labels on the value
 * field; a table for `format: 'table'`). Loki and Tempo do not run on this
 * machine: they stand in as data sources that hold no data yet.
 */
import {
  createDataFrame,
  type DataFrame,
  type DataQuery,
  type DataQueryRequest,
  type DataQueryResponse,
  DataSourceApi,
  type DataSourceInstanceSettings,
  FieldType,
  type MetricFindValue,
  type ScopedVars,
} from '@grafana/data';
import { type DataSourceSrv, getTemplateSrv, setDataSourceSrv } from '@grafana/runtime';
import { registerRuntimeDataSourceInstance } from '@grafana/runtime/unstable';

interface PromQuery extends DataQuery {
  expr: string;
  instant?: boolean;
  format?: 'time_series' | 'table' | 'heatmap';
  legendFormat?: string;
}

interface PromSeries {
  metric: Record<string, string>;
  value?: [number, string];
  values?: [number, string][];
}

const SCRAPE_INTERVAL_S = 15;

/** Every PromQL sent to Prometheus, interpolated, in order: the check reads which filters reached it. */
export const sentExpressions: string[] = [];

function settings(uid: string, type: string, name: string, url = ''): DataSourceInstanceSettings {
  return {
    id: 0,
    uid,
    type,
    name,
    url,
    access: 'proxy',
    jsonData: {},
    readOnly: true,
    meta: {
      id: type,
      name,
      type: 'datasource',
      module: '',
      baseUrl: '',
      info: {
        author: { name: 'Grafana Labs' },
        description: '',
        links: [],
        logos: { small: '', large: '' },
        screenshots: [],
        updated: '',
        version: '',
      },
    } as never,
  } as DataSourceInstanceSettings;
}

/**
 * As Grafana's Prometheus data source formats a variable (`interpolateQueryExpr`): a
 * multi-value or "All" variable becomes an escaped regex alternation; any other keeps its
 * value, only backslashes and quotes escaped (`prometheusRegularEscape`).
 */
function formatValue(value: unknown, variable?: { multi?: boolean; includeAll?: boolean }): string {
  if (variable && !variable.multi && !variable.includeAll) {
    return String(value).replace(/\\/g, '\\\\').replace(/'/g, "\\\\'");
  }
  const escapeRegex = (v: string) => v.replace(/[\\^$*+?.()|[\]{}]/g, '\\\\$&');
  if (Array.isArray(value))
    return value.length === 1 ? escapeRegex(String(value[0])) : `(${value.map(String).map(escapeRegex).join('|')})`;
  return escapeRegex(String(value));
}

function legend(format: string | undefined, labels: Record<string, string>): string | undefined {
  if (!format) return undefined;
  return format.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => labels[name] ?? '');
}

function toFrames(query: PromQuery, result: PromSeries[]): DataFrame[] {
  if (query.format === 'table') {
    const labelNames = [...new Set(result.flatMap((s) => Object.keys(s.metric)))].sort();
    const rows: [number, string][] = result.map((s) => s.value ?? s.values?.[s.values.length - 1] ?? [0, 'NaN']);
    return [
      createDataFrame({
        refId: query.refId,
        fields: [
          { name: 'Time', type: FieldType.time, values: rows.map(([t]) => t * 1000) },
          ...labelNames.map((name) => ({
            name,
            type: FieldType.string,
            values: result.map((s) => s.metric[name] ?? ''),
          })),
          { name: `Value #${query.refId}`, type: FieldType.number, values: rows.map(([, v]) => Number(v)) },
        ],
      }),
    ];
  }
  return result.map((s) => {
    const points = s.values ?? (s.value ? [s.value] : []);
    const { __name__, ...labels } = s.metric;
    return createDataFrame({
      refId: query.refId,
      name: legend(query.legendFormat, labels),
      fields: [
        { name: 'Time', type: FieldType.time, values: points.map(([t]) => t * 1000) },
        {
          name: 'Value',
          type: FieldType.number,
          values: points.map(([, v]) => Number(v)),
          labels: __name__ ? { __name__, ...labels } : labels,
          config: { displayNameFromDS: legend(query.legendFormat, labels) },
        },
      ],
    });
  });
}

/** Keeps its settings, which @grafana/runtime's runtime registration reads back. */
abstract class HostDataSource<Q extends DataQuery = DataQuery> extends DataSourceApi<Q> {
  constructor(readonly instanceSettings: DataSourceInstanceSettings) {
    super(instanceSettings);
  }
}

class HostPrometheus extends HostDataSource<PromQuery> {
  async query(request: DataQueryRequest<PromQuery>): Promise<DataQueryResponse> {
    const from = request.range.from.valueOf() / 1000;
    const to = request.range.to.valueOf() / 1000;
    const intervalS = Math.max(Math.ceil(request.intervalMs / 1000), 1);
    // The macros Grafana's Prometheus data source adds before interpolation.
    const scopedVars: ScopedVars = {
      ...request.scopedVars,
      __range: { text: `${Math.round(to - from)}s`, value: `${Math.round(to - from)}s` },
      __rate_interval: {
        text: `${Math.max(intervalS + SCRAPE_INTERVAL_S, 4 * SCRAPE_INTERVAL_S)}s`,
        value: `${Math.max(intervalS + SCRAPE_INTERVAL_S, 4 * SCRAPE_INTERVAL_S)}s`,
      },
    };
    const targets = request.targets.filter((t) => !t.hide && t.expr);
    const frames = await Promise.all(
      targets.map(async (target) => {
        const expr = getTemplateSrv().replace(target.expr, scopedVars, formatValue);
        sentExpressions.push(expr);
        const params = new URLSearchParams({ query: expr });
        let path = 'query';
        if (target.instant) params.set('time', String(to));
        else {
          path = 'query_range';
          const step = Math.max(intervalS, Math.ceil((to - from) / 11_000));
          params.set('start', String(from - (from % step)));
          params.set('end', String(to));
          params.set('step', String(step));
        }
        const result = await this.post<{ result: PromSeries[] }>(path, params);
        return toFrames(target, result.result);
      }),
    );
    return { data: frames.flat() };
  }

  /**
   * `label_values(selector, label)`, `label_values(label)` and `query_result(expr)`, the
   * variable queries the app uses. `query_result` runs an instant query at the range's end
   * rounded up to the second and gives a scalar's value as the one option, as Grafana's
   * Prometheus data source does (metric_find_query.ts, `queryResultQuery`).
   */
  override async metricFindQuery(
    query: string | { query?: string },
    options?: { scopedVars?: ScopedVars; range?: { to: { valueOf(): number } } },
  ): Promise<MetricFindValue[]> {
    const text = typeof query === 'string' ? query : (query.query ?? '');
    const expr = getTemplateSrv().replace(text, options?.scopedVars, formatValue);
    const result = expr.match(/^query_result\((.+)\)$/s);
    if (result) {
      const time = Math.ceil((options?.range?.to.valueOf() ?? Date.now()) / 1000);
      const params = new URLSearchParams({ query: result[1] as string, time: String(time) });
      const answer = await this.get<{ resultType: string; result: [number, string] }>(`query?${params}`);
      if (answer.resultType !== 'scalar')
        throw new Error(`query_result: only scalars are read here, got ${answer.resultType}`);
      return [{ text: answer.result[1], value: answer.result[1] }];
    }
    const match = expr.match(/^label_values\((?:(.+),\s*)?(\w+)\)$/);
    if (!match) throw new Error(`unsupported variable query: ${text}`);
    const params = new URLSearchParams();
    if (match[1]) params.set('match[]', match[1]);
    const values = await this.get<string[]>(`label/${match[2]}/values?${params}`);
    return values.map((text) => ({ text, value: text }));
  }

  async testDatasource() {
    return { status: 'success', message: 'ok' };
  }

  /** Queries go as a form POST, Grafana's default for Prometheus (a query can be longer than a URL may be). */
  private async post<T>(path: string, params: URLSearchParams): Promise<T> {
    return this.get<T>(path, { method: 'POST', body: params });
  }

  private async get<T>(path: string, init?: RequestInit): Promise<T> {
    const res = await fetch(`${this.instanceSettings.url}/api/v1/${path}`, init);
    const text = await res.text();
    let body: { status?: string; data?: T; error?: string } = {};
    try {
      body = JSON.parse(text);
    } catch {
      throw new Error(`Prometheus answered ${res.status}: ${text.slice(0, 200)}`);
    }
    if (body.status !== 'success' || body.data === undefined) {
      throw new Error(body.error ?? `Prometheus answered ${res.status}`);
    }
    return body.data;
  }
}

/** A Loki or Tempo with nothing stored yet: every query succeeds with no frames. */
class EmptyDataSource extends HostDataSource {
  async query(): Promise<DataQueryResponse> {
    return { data: [] };
  }
  override async metricFindQuery(): Promise<MetricFindValue[]> {
    return [];
  }
  async testDatasource() {
    return { status: 'success', message: 'ok' };
  }
}

/** Registers the provisioned data sources (uids `prometheus`, `loki`, `tempo`) with @grafana/runtime. */
export function registerDataSources(prometheusProxyUrl: string): void {
  const all = [
    new HostPrometheus(settings('prometheus', 'prometheus', 'Prometheus', prometheusProxyUrl)),
    new EmptyDataSource(settings('loki', 'loki', 'Loki')),
    new EmptyDataSource(settings('tempo', 'tempo', 'Tempo')),
  ];
  for (const dataSource of all) registerRuntimeDataSourceInstance({ dataSource } as never);
  const byUid = new Map(all.map((ds) => [ds.uid, ds]));
  const uidOf = (ref: unknown) =>
    typeof ref === 'string' ? ref : ((ref as { uid?: string } | null)?.uid ?? 'prometheus');
  const srv: Pick<DataSourceSrv, 'get' | 'getList' | 'getInstanceSettings' | 'reload'> = {
    get: async (ref) => {
      const ds = byUid.get(uidOf(ref)) as DataSourceApi | undefined;
      if (!ds) throw new Error(`Datasource ${uidOf(ref)} was not found`);
      return ds;
    },
    getList: (filters) =>
      all.map((ds) => ds.instanceSettings).filter((s) => !filters?.pluginId || s.type === filters.pluginId),
    getInstanceSettings: (ref) => byUid.get(uidOf(ref))?.instanceSettings,
    reload: async () => {},
  };
  setDataSourceSrv({ ...srv, registerRuntimeDataSource: () => {} } as unknown as DataSourceSrv);
}
