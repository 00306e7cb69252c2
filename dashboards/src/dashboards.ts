import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { type DashboardConfig, dashboardConfig } from './config';
import { feedbackDashboard } from './feedback-dashboard';
import { pipelineHealthDashboard } from './pipeline-health-dashboard';
import { dashboardsProvisioning, datasourcesProvisioning, renderProvisioningYaml } from './provisioning';
import { dashboardRuleGroups } from './recording-rules';
import { renderRuleFile } from './rule-file';
import { trustOverviewDashboard } from './trust-overview-dashboard';

/** Every dashboard, by the file it renders to (relative to the repo root). */
export function allDashboards(config: DashboardConfig = dashboardConfig): Record<string, dashboard.Dashboard> {
  return {
    'dashboards/trust-overview.json': trustOverviewDashboard(config),
    'dashboards/pipeline-health.json': pipelineHealthDashboard(config),
    'dashboards/feedback.json': feedbackDashboard(config),
  };
}

function renderDashboardJson(d: dashboard.Dashboard): string {
  return `${JSON.stringify(d, null, 2)}\n`;
}

/** Every rendered file, path (from the repo root) → content. */
export function renderAll(config: DashboardConfig = dashboardConfig): Record<string, string> {
  const files: Record<string, string> = {};
  for (const [path, d] of Object.entries(allDashboards(config))) files[path] = renderDashboardJson(d);
  files['dashboards/recording-rules.yml'] = renderRuleFile(dashboardRuleGroups());
  files['provisioning/datasources/bilan.yaml'] = renderProvisioningYaml(
    'Bilan data sources: Prometheus, Tempo and Loki with fixed uids, linked to each other.',
    datasourcesProvisioning(),
  );
  files['provisioning/dashboards/bilan.yaml'] = renderProvisioningYaml(
    'Loads the Bilan dashboards into the "Bilan" folder.',
    dashboardsProvisioning(config),
  );
  return files;
}
