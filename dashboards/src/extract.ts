/**
 * Walks rendered dashboard JSON (as Grafana stores it) and collects what the checks
 * need: every query with its data source, every data-source reference, every link.
 */

export type QueryLanguage = 'promql' | 'logql' | 'traceql';

export interface ExtractedQuery {
  readonly dashboard: string;
  /** Panel title, or `variable <name>`. */
  readonly where: string;
  readonly language: QueryLanguage;
  readonly text: string;
  readonly instant: boolean;
  /** A `label_values(...)` variable query rather than a panel query. */
  readonly variable: boolean;
  /** The panel's max data points and the query's min step, which set `$__interval`. */
  readonly maxDataPoints?: number;
  readonly minStep?: string;
}

interface ExtractedLink {
  readonly dashboard: string;
  readonly where: string;
  readonly title: string;
  readonly url: string;
  readonly internalDatasourceUid?: string;
}

interface Json {
  [key: string]: unknown;
}

const LANGUAGE_BY_TYPE: Record<string, QueryLanguage> = { prometheus: 'promql', loki: 'logql', tempo: 'traceql' };

function asJson(value: unknown): Json {
  return typeof value === 'object' && value !== null ? (value as Json) : {};
}

function asArray(value: unknown): Json[] {
  return Array.isArray(value) ? value.map(asJson) : [];
}

/** Panels, including those nested in collapsed rows. */
function panelsOf(dashboard: Json): Json[] {
  return asArray(dashboard.panels).flatMap((p) => [p, ...asArray(p.panels)]);
}

function languageOf(datasource: unknown, where: string): QueryLanguage {
  const type = String(asJson(datasource).type ?? '');
  const language = LANGUAGE_BY_TYPE[type];
  if (!language) throw new Error(`${where}: unsupported data source type "${type}"`);
  return language;
}

/** Every panel and variable query of a dashboard. */
export function extractQueries(dashboard: Json): ExtractedQuery[] {
  const uid = String(dashboard.uid);
  const fromPanels = panelsOf(dashboard).flatMap((panel) =>
    asArray(panel.targets).map((target) => {
      const where = String(panel.title);
      const language = languageOf(target.datasource ?? panel.datasource, where);
      const text = String(language === 'traceql' ? target.query : target.expr);
      const own = {
        ...(typeof panel.maxDataPoints === 'number' ? { maxDataPoints: panel.maxDataPoints } : {}),
        ...(typeof target.interval === 'string' && target.interval ? { minStep: target.interval } : {}),
      };
      return { dashboard: uid, where, language, text, instant: target.instant === true, variable: false, ...own };
    }),
  );
  const fromVariables = asArray(asJson(dashboard.templating).list)
    .filter((v) => v.type === 'query')
    .map((v) => ({
      dashboard: uid,
      where: `variable ${String(v.name)}`,
      language: languageOf(v.datasource, String(v.name)),
      text: String(v.query),
      instant: true,
      variable: true,
    }));
  return [...fromPanels, ...fromVariables];
}

/** Every `{type, uid}` data-source reference anywhere in a JSON document, and every `datasourceUid`. */
export function extractDatasourceUids(document: unknown): string[] {
  const found: string[] = [];
  const visit = (value: unknown, key: string): void => {
    if (Array.isArray(value)) {
      for (const v of value) visit(v, key);
    } else if (typeof value === 'object' && value !== null) {
      const json = value as Json;
      if (key === 'datasource' && typeof json.uid === 'string') found.push(json.uid);
      for (const [k, v] of Object.entries(json)) visit(v, k);
    } else if (key === 'datasourceUid' && typeof value === 'string') found.push(value);
  };
  visit(document, '');
  return found;
}

function fieldLinks(dashboard: string, panel: Json): ExtractedLink[] {
  const fieldConfig = asJson(panel.fieldConfig);
  const lists = [
    asJson(fieldConfig.defaults).links,
    ...asArray(fieldConfig.overrides).flatMap((o) =>
      asArray(o.properties)
        .filter((p) => p.id === 'links')
        .map((p) => p.value),
    ),
  ];
  return lists.flatMap((list) =>
    asArray(list).map((link) => ({
      dashboard,
      where: String(panel.title),
      title: String(link.title),
      url: String(link.url ?? ''),
      internalDatasourceUid: link.internal ? String(asJson(link.internal).datasourceUid) : undefined,
    })),
  );
}

/** Dashboard header links, panel links and field data links. */
export function extractLinks(dashboard: Json): ExtractedLink[] {
  const uid = String(dashboard.uid);
  const header = asArray(dashboard.links).map((l) => ({
    dashboard: uid,
    where: 'dashboard links',
    title: String(l.title),
    url: String(l.url ?? ''),
  }));
  const panels = panelsOf(dashboard).flatMap((p) => [
    ...asArray(p.links).map((l) => ({
      dashboard: uid,
      where: String(p.title),
      title: String(l.title),
      url: String(l.url),
    })),
    ...fieldLinks(uid, p),
  ]);
  return [...header, ...panels];
}
