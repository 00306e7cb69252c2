import { stringify } from 'yaml';
import type { RuleGroup } from './recording-rules';

/**
 * The dashboards' rule groups as a Prometheus rule file. It lives apart from the roll-up
 * definitions so that what imports those (the Bilan app's bundle) carries no YAML writer.
 */
export function renderRuleFile(groups: readonly RuleGroup[]): string {
  return `# Recording rules the Bilan dashboards read. Rendered by \`npm run render -w dashboards\`\n# from dashboards/src/recording-rules.ts; do not edit. Load it beside alerts/prometheus-rules.yml.\n${stringify({ groups }, { lineWidth: 0 })}`;
}
