import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DASHBOARD_UID, DATASOURCE_UID, PLUGIN_ID } from '@bilan/contract';
import { PROMTOOL_BIN } from '@bilan/stack';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checkValues } from './check-values';
import { renderAll } from './dashboards';
import { extractDatasourceUids, extractLinks, extractQueries } from './extract';
import { syntaxProblems } from './grammar';
import { macro } from './links';
import { dashboardChecks } from './promql-checks';
import { interpolateLikeGrafana, PROVISIONING_ENV } from './provisioning';
import { dashboardRuleGroups } from './recording-rules';
import { substituteTemplate } from './template';

const root = resolve(import.meta.dirname, '../..');
const rendered = renderAll();
const committed = (path: string) => readFileSync(resolve(root, path), 'utf8');
// biome-ignore lint/suspicious/noExplicitAny: dashboard JSON as Grafana reads it
const dashboards: any[] = Object.keys(rendered)
  .filter((p) => p.endsWith('.json'))
  .map((p) => JSON.parse(committed(p)));
const provisioningFiles = Object.keys(rendered).filter((p) => p.startsWith('provisioning/'));
/** Provisioning as Grafana would see it: YAML parsed, then `$`-interpolated with the compose defaults. */
function provisioned(path: string): unknown {
  const interpolate = (v: unknown): unknown =>
    typeof v === 'string'
      ? interpolateLikeGrafana(v, PROVISIONING_ENV)
      : Array.isArray(v)
        ? v.map(interpolate)
        : typeof v === 'object' && v !== null
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, interpolate(x)]))
          : v;
  return interpolate(parse(committed(path)));
}
// biome-ignore lint/suspicious/noExplicitAny: provisioning YAML
const datasources: any[] = (provisioned('provisioning/datasources/bilan.yaml') as any).datasources;
const CORE_PANELS = new Set([
  'stat',
  'timeseries',
  'barchart',
  'table',
  'bargauge',
  'gauge',
  'piechart',
  'logs',
  'text',
  'row',
]);

describe('rendered files', () => {
  it.each(Object.keys(rendered))('%s is committed exactly as the code renders it', (path) => {
    expect(committed(path), `run npm run render -w dashboards`).toBe(rendered[path]);
  });
});

describe('recording rules', () => {
  it('promtool accepts the rendered rule file', () => {
    const out = execFileSync(PROMTOOL_BIN, ['check', 'rules', resolve(root, 'dashboards/recording-rules.yml')], {
      encoding: 'utf8',
    });
    const rules = dashboardRuleGroups().reduce((n, g) => n + g.rules.length, 0);
    expect(out).toContain(`SUCCESS: ${rules} rules found`);
  });
});

describe('dashboards', () => {
  it('are the three contract dashboards', () => {
    expect(dashboards.map((d) => d.uid).sort()).toEqual(Object.values(DASHBOARD_UID).sort());
  });

  it.each(dashboards.map((d) => [d.uid, d]))(
    '%s: every panel is a core type with a description, unit and thresholds',
    (_, d) => {
      for (const panel of d.panels) {
        expect(CORE_PANELS, panel.title).toContain(panel.type);
        if (panel.type === 'row') continue;
        expect(panel.description?.length ?? 0, panel.title).toBeGreaterThan(20);
        if (panel.type === 'logs' || panel.type === 'text') continue;
        expect(panel.fieldConfig.defaults.unit, panel.title).toBeTruthy();
        expect(panel.fieldConfig.defaults.thresholds.steps.length, panel.title).toBeGreaterThan(0);
      }
    },
  );

  it.each(dashboards.map((d) => [d.uid, d]))('%s: has the five filter variables', (_, d) => {
    const names = d.templating.list.map((v: { name: string }) => v.name);
    expect(names).toEqual(expect.arrayContaining(['environment', 'service', 'feature', 'model', 'prompt_version']));
  });

  it.each(dashboards.map((d) => [d.uid, d]))('%s: panels do not overlap on the grid', (_, d) => {
    const cells = new Set<string>();
    for (const { gridPos: g, title } of d.panels) {
      expect(g.x + g.w, title).toBeLessThanOrEqual(24);
      for (let x = g.x; x < g.x + g.w; x++)
        for (let y = g.y; y < g.y + g.h; y++) {
          expect(cells.has(`${x},${y}`), `${title} overlaps at ${x},${y}`).toBe(false);
          cells.add(`${x},${y}`);
        }
    }
  });
});

/** The roll-ups' phases and daily lag, which Grafana reads from Prometheus: any values will do for checks of the text. */
const PHASE = { rollup_phase: '1234.5', rollup_day_phase: '12034.5', rollup_day_lag: '321.25' };

describe('queries', () => {
  const all = dashboards.flatMap((d) =>
    extractQueries(d).map((q) => ({
      ...q,
      substituted: substituteTemplate(q.text, checkValues(d, '1h', '1m', PHASE, Date.now())),
    })),
  );

  it('use only variables their dashboard defines (substitution fails otherwise)', () => {
    expect(all.length).toBeGreaterThan(30);
  });

  it('range panels on roll-ups run at the step Grafana picks from their max data points', () => {
    const checks = dashboardChecks('30d', '1h', PHASE, Date.now());
    const step = (where: string) => checks.find((c) => c.where === where)?.step;
    expect(step('bilan-trust-overview / Turn latency')).toBe('3h');
    expect(step('bilan-pipeline-health / Ingest rate')).toBe('1h');
    expect(
      dashboardChecks('7d', '5m', PHASE, Date.now()).find((c) => c.where === 'bilan-trust-overview / Turns')?.step,
    ).toBe('1h');
  });

  it('every Trust overview panel reads roll-ups, and raw counters only over the edges of a range (weeks of raw samples are slow)', () => {
    const panels = all.filter((q) => q.dashboard === DASHBOARD_UID.trustOverview && !q.variable);
    expect(panels.length).toBeGreaterThan(20);
    expect(panels.filter((q) => q.text.includes('bilan:')).length).toBe(panels.length);
    // A raw read is the head or the tail of a split range: each capped at the range by `min_of`.
    const rawRanges = panels.flatMap((q) =>
      [...q.text.matchAll(/\bbilan_\w+(?:\{[^}]*\})?\[([^\]]*)\]/g)].map((m) => m[1]),
    );
    expect(rawRanges.length).toBeGreaterThan(0);
    expect(rawRanges.filter((r) => !r?.startsWith('min_of('))).toEqual([]);
  });

  it.each(all.filter((q) => q.language !== 'promql').map((q) => [q.dashboard, q.where, q.language, q]))(
    '%s / %s: %s parses with Grafana’s grammar',
    (_d, _w, language, q) => {
      expect(syntaxProblems(language as 'logql' | 'traceql', q.substituted), q.substituted).toEqual([]);
    },
  );

  it('the Tempo → Loki query of the data source parses as LogQL once Grafana fills in the span', () => {
    const tempo = datasources.find((d) => d.type === 'tempo');
    const query = tempo.jsonData.tracesToLogsV2.query
      .replace(macro('__span.tags["service.name"]'), 'checkout')
      .replace(macro('__span.traceId'), '0af7651916cd43dd8448eb211c80319c');
    expect(syntaxProblems('logql', query), query).toEqual([]);
  });
});

describe('data-source references', () => {
  const provisionedUids = new Set(datasources.map((d) => d.uid));

  it('provisions Prometheus, Loki and Tempo with URLs from the environment', () => {
    expect(datasources.map((d) => [d.type, d.uid, d.url])).toEqual([
      ['prometheus', 'prometheus', 'http://prometheus:9090'],
      ['tempo', 'tempo', 'http://tempo:3200'],
      ['loki', 'loki', 'http://loki:3100'],
    ]);
    const raw = committed('provisioning/datasources/bilan.yaml');
    for (const name of Object.keys(PROVISIONING_ENV)) expect(raw).toContain(`url: $${name}`);
  });

  it.each(dashboards.map((d) => [d.uid, d]))('%s: every reference resolves to a provisioned uid', (_, d) => {
    const uids = extractDatasourceUids(d);
    expect(uids.length).toBeGreaterThan(5);
    for (const uid of uids) expect(provisionedUids, uid).toContain(uid);
  });

  it('cross-links between the data sources, and the app’s default data sources, resolve', () => {
    for (const uid of extractDatasourceUids(datasources)) expect(provisionedUids).toContain(uid);
    // The app is not provisioned (it enables itself), and reads these uids until its settings say otherwise.
    for (const uid of [DATASOURCE_UID.prometheus, DATASOURCE_UID.loki, DATASOURCE_UID.tempo]) {
      expect(provisionedUids).toContain(uid);
    }
  });

  it('the derived field keeps the trace-id macro for Grafana, not for the environment', () => {
    const loki = datasources.find((d) => d.type === 'loki');
    expect(loki.jsonData.derivedFields[0].url).toBe(macro('__value.raw'));
  });
});

describe('links', () => {
  const uids = new Set(dashboards.map((d) => d.uid));
  const links = dashboards.flatMap(extractLinks);

  it('there are header, panel and field links', () => {
    expect(links.length).toBeGreaterThan(10);
  });

  it.each(links.map((l) => [l.dashboard, l.where, l.title, l]))('%s / %s / %s resolves', (_d, _w, _t, link) => {
    if (link.internalDatasourceUid) {
      expect(datasources.map((d) => d.uid)).toContain(link.internalDatasourceUid);
      return;
    }
    const path = link.url.split('?')[0] ?? '';
    const dashboard = /^\/d\/([\w-]+)$/.exec(path);
    if (dashboard?.[1]) expect(uids).toContain(dashboard[1]);
    else expect(path.startsWith(`/a/${PLUGIN_ID}`), link.url).toBe(true);
  });

  it('dashboards provider loads from the path it names, into the Bilan folder', () => {
    // biome-ignore lint/suspicious/noExplicitAny: provisioning YAML
    const provider = (provisioned('provisioning/dashboards/bilan.yaml') as any).providers[0];
    expect(provider).toMatchObject({ type: 'file', folder: 'Bilan' });
    expect(provider.options.path).toMatch(/^\//);
  });

  it.each(provisioningFiles)('%s is valid YAML with apiVersion 1', (path) => {
    expect(parse(committed(path)).apiVersion).toBe(1);
  });
});
