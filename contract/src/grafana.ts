/** Fixed Grafana identifiers that provisioning, dashboards, alerts and the plugin share. */
export const DATASOURCE_UID = {
  prometheus: 'prometheus',
  loki: 'loki',
  tempo: 'tempo',
  alertmanager: 'alertmanager',
} as const;

export const PLUGIN_ID = 'bilan-analytics-app';

export const DASHBOARD_UID = {
  trustOverview: 'bilan-trust-overview',
  pipelineHealth: 'bilan-pipeline-health',
  feedback: 'bilan-feedback',
} as const;
