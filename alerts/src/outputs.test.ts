import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { GRAFANA_VALUE, PROMETHEUS_VALUE } from './annotations';
import { defaultConfig } from './config';
import { renderAll } from './outputs';
import { REPO_ROOT } from './paths';
import { EVALUATOR } from './render-grafana';
import { alertGroups } from './rules';

const rendered = renderAll(defaultConfig);

describe('committed renderings', () => {
  for (const [path, content] of Object.entries(rendered)) {
    it(`${path} is exactly what the source renders (run \`npm run render -w alerts\`)`, () => {
      expect(readFileSync(join(REPO_ROOT, path), 'utf8')).toBe(content);
    });
  }
});

interface PromRule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
interface GrafanaRule {
  title: string;
  for: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  condition: string;
  data: { refId: string; model: Record<string, unknown> }[];
}

describe('Prometheus and Grafana renderings agree', () => {
  const prom = parse(rendered['alerts/prometheus-rules.yml'] ?? '').groups as { name: string; rules: PromRule[] }[];
  const grafana = parse(rendered['provisioning/alerting/rules.yaml'] ?? '').groups as {
    name: string;
    rules: GrafanaRule[];
  }[];
  const promAlerts = prom.flatMap((g) => g.rules.filter((r) => r.alert).map((r) => ({ group: g.name, ...r })));
  const grafanaAlerts = grafana.flatMap((g) => g.rules.map((r) => ({ group: g.name, ...r })));

  it('hold the same alerts in the same groups', () => {
    expect(grafanaAlerts.map((r) => [r.group, r.title])).toEqual(promAlerts.map((r) => [r.group, r.alert]));
    expect(promAlerts.length).toBe(alertGroups(defaultConfig).flatMap((g) => g.rules).length);
  });

  for (const p of promAlerts) {
    it(`${p.alert}: same expression, threshold, for, labels and annotations`, () => {
      const g = grafanaAlerts.find((r) => r.title === p.alert);
      if (!g) throw new Error(`${p.alert} missing from the Grafana rules`);
      const query = g.data.find((d) => d.refId === 'A')?.model as { expr: string; instant: boolean };
      const condition = g.data.find((d) => d.refId === g.condition)?.model as {
        type: string;
        expression: string;
        conditions: { evaluator: { type: string; params: number[] } }[];
      };
      expect(query.instant).toBe(true);
      expect(condition).toMatchObject({ type: 'threshold', expression: 'A' });
      const { type, params } = condition.conditions[0]?.evaluator ?? { type: '', params: [] };
      const op = Object.entries(EVALUATOR).find(([, t]) => t === type)?.[0];
      // Grafana's query with Grafana's comparison put back where Prometheus has it is the Prometheus expression.
      const comparison = ` ${op} ${params[0]}`;
      const guardAt = p.expr.indexOf(' and on (');
      const split = guardAt >= 0 ? guardAt : p.expr.length;
      expect(p.expr.slice(split - comparison.length, split)).toBe(comparison);
      expect(p.expr.slice(0, split - comparison.length) + p.expr.slice(split)).toBe(query.expr);
      expect(g.for).toBe(p.for);
      expect(g.labels).toEqual(p.labels);
      const promAnnotations = { ...p.annotations };
      promAnnotations.description = String(promAnnotations.description).replace(PROMETHEUS_VALUE, GRAFANA_VALUE);
      expect(g.annotations).toEqual(promAnnotations);
    });
  }

  it('leave nothing for Grafana to mistake for an environment variable in labels and queries', () => {
    // Grafana's provisioning expands `$NAME` in labels and settings (not in annotations).
    for (const g of grafanaAlerts) expect(JSON.stringify([g.labels, g.data])).not.toContain('$');
  });

  it('query the provisioned Prometheus data source', () => {
    for (const g of grafanaAlerts) {
      expect(g.data.find((d) => d.refId === 'A')?.model).toMatchObject({ datasource: { uid: 'prometheus' } });
    }
  });
});
