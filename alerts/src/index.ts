export { type AlertsConfig, defaultConfig } from './config';
export { renderAll } from './outputs';
export {
  FEATURE_LABELS,
  RECORDING,
  type RecordingRule,
  recordingRuleNames,
  recordingRules,
  VOTE_LABELS,
} from './recording-rules';
export { type AlertRule, prometheusExpr } from './rule';
export { alertGroups } from './rules';
