import type { AlertsConfig } from '../config';
import { type RecordingRule, recordingRules } from '../recording-rules';
import type { AlertRule } from '../rule';
import { performanceRules } from './performance';
import { pipelineRules } from './pipeline';
import { trustRules } from './trust';

interface AlertGroup {
  name: string;
  /**
   * Recording rules evaluated first in the same group: rules of one group run in order,
   * so the alerts read this evaluation's values, never the previous one's.
   */
  recording: RecordingRule[];
  rules: AlertRule[];
}

/** Every Bilan alert, grouped as both Prometheus and Grafana evaluate them. */
export function alertGroups(config: AlertsConfig): AlertGroup[] {
  return [
    { name: 'bilan-trust', recording: recordingRules(config), rules: trustRules(config) },
    { name: 'bilan-pipeline', recording: [], rules: pipelineRules(config) },
    { name: 'bilan-performance', recording: [], rules: performanceRules(config) },
  ];
}
