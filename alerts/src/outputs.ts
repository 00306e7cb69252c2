import type { AlertsConfig } from './config';
import { renderAlertmanagerConfig } from './render-alertmanager';
import { renderGrafanaRules } from './render-grafana';
import { renderOncall } from './render-oncall';
import { renderPrometheusRules } from './render-prometheus';

/** Every committed rendering, by path relative to the repository root. */
export function renderAll(config: AlertsConfig): Record<string, string> {
  return {
    'alerts/prometheus-rules.yml': renderPrometheusRules(config),
    'alerts/alertmanager-config.yml': renderAlertmanagerConfig(config),
    'provisioning/alerting/rules.yaml': renderGrafanaRules(config),
    'provisioning/alerting/oncall.yaml': renderOncall(config),
  };
}
