import type { AlertsConfig } from '../config';
import type { AlertRule } from '../rule';
import { performanceRules } from './performance';
import { pipelineRules } from './pipeline';
import { trustRules } from './trust';

export interface AlertGroup {
  name: string;
  rules: AlertRule[];
}

/** Every Bilan alert, grouped as both Prometheus and Grafana evaluate them. */
export function alertGroups(config: AlertsConfig): AlertGroup[] {
  return [
    { name: 'bilan-trust', rules: trustRules(config) },
    { name: 'bilan-pipeline', rules: pipelineRules(config) },
    { name: 'bilan-performance', rules: performanceRules(config) },
  ];
}
