import { DATASOURCE_UID } from '@bilan/contract';
import { stringify } from 'yaml';
import { GRAFANA_VALUE, ruleAnnotations } from './annotations';
import type { AlertsConfig } from './config';
import { header } from './render-prometheus';
import { type AlertRule, grafanaQueryExpr } from './rule';
import { alertGroups } from './rules';

const EXPRESSION_DATASOURCE = '__expr__';
/** Grafana's threshold evaluator for each comparison operator. */
export const EVALUATOR = { '>': 'gt', '<': 'lt' } as const;

/** Grafana rule uid: stable, at most 40 characters of `[a-z0-9-]`. */
function grafanaRuleUid(rule: Pick<AlertRule, 'alert'>): string {
  const uid = rule.alert.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();
  if (uid.length > 40) throw new Error(`Grafana rule uid too long (max 40): ${uid}`);
  return uid;
}

/** Query A: the value, as an instant Prometheus query; C: the threshold on A, the rule's condition. */
function ruleData(rule: AlertRule) {
  return [
    {
      refId: 'A',
      relativeTimeRange: { from: 600, to: 0 },
      datasourceUid: DATASOURCE_UID.prometheus,
      model: {
        refId: 'A',
        datasource: { type: 'prometheus', uid: DATASOURCE_UID.prometheus },
        expr: grafanaQueryExpr(rule),
        instant: true,
        range: false,
      },
    },
    {
      refId: 'C',
      relativeTimeRange: { from: 0, to: 0 },
      datasourceUid: EXPRESSION_DATASOURCE,
      model: {
        refId: 'C',
        datasource: { type: EXPRESSION_DATASOURCE, uid: EXPRESSION_DATASOURCE },
        type: 'threshold',
        expression: 'A',
        conditions: [{ evaluator: { type: EVALUATOR[rule.op], params: [rule.threshold] } }],
      },
    },
  ];
}

/** Grafana-managed alert rules in Grafana's alerting file-provisioning format. */
export function renderGrafanaRules(config: AlertsConfig): string {
  const groups = alertGroups(config).map((group) => ({
    orgId: 1,
    name: group.name,
    folder: config.grafanaFolder,
    interval: config.evaluationInterval,
    rules: group.rules.map((rule) => ({
      uid: grafanaRuleUid(rule),
      title: rule.alert,
      condition: 'C',
      data: ruleData(rule),
      // No series means nothing crosses the threshold (guards filter low volume out): that is healthy.
      noDataState: 'OK',
      execErrState: 'Error',
      for: rule.for,
      labels: { severity: rule.severity },
      annotations: ruleAnnotations(rule, config, GRAFANA_VALUE),
      isPaused: false,
    })),
  }));
  return header('alerts/src') + stringify({ apiVersion: 1, groups }, { lineWidth: 0 });
}
