import type { AlertsConfig } from './config';
import { type AlertRule, humanizer, runbookAnchor } from './rule';

/** Annotations of an alert; `valueVariable` is how the rule language names the alert value. */
export function ruleAnnotations(rule: AlertRule, config: AlertsConfig, valueVariable: string): Record<string, string> {
  return {
    summary: rule.summary,
    description: rule.description(`{{ ${valueVariable} | ${humanizer(rule.valueFormat)} }}`),
    runbook_url: `${config.runbookUrl}#${runbookAnchor(rule)}`,
    dashboard_url: `${config.grafanaUrl}/d/${rule.dashboard}`,
  };
}

/** Prometheus names the alert value `$value`. */
export const PROMETHEUS_VALUE = '$value';
/** Grafana names it by the query's refId: the value of query A. */
export const GRAFANA_VALUE = '$values.A.Value';
