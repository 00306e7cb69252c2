import { SERIES, type SeriesSpec } from '@bilan/contract';
import { stringify } from 'yaml';
import { durationSeconds } from './template';

/**
 * Hourly roll-up of the vote counter, for the trust panels that read weeks of votes.
 * The benchmark found them the slowest queries; the alerts' rules (`bilan:votes:rate5m`,
 * evaluated every minute) hold as many samples as the raw counter, so they cannot help.
 * Evaluated once per window, each sample is the mean vote rate of one hour: summing
 * samples over a range and multiplying by the window gives the votes in that range.
 */
export const ROLLUP_WINDOW = '1h';

export const VOTES_ROLLUP: SeriesSpec = {
  name: `bilan:votes:rate${ROLLUP_WINDOW}`,
  type: 'counter',
  labels: SERIES.votes.labels,
  help: 'Mean votes per second over each hour, by every vote label',
};

export const ROLLUP_WINDOW_SECONDS = durationSeconds(ROLLUP_WINDOW);

export interface RuleGroup {
  readonly name: string;
  readonly interval: string;
  readonly rules: ReadonlyArray<{ readonly record: string; readonly expr: string }>;
}

/**
 * The dashboards' rule group. `interval` must equal the window in production (samples
 * then tile time exactly); tests may evaluate more often, which keeps every ratio right.
 */
export function dashboardRuleGroups(interval = ROLLUP_WINDOW): RuleGroup[] {
  const labels = VOTES_ROLLUP.labels.join(', ');
  return [
    {
      name: 'bilan-dashboards-rollup',
      interval,
      rules: [{ record: VOTES_ROLLUP.name, expr: `sum by (${labels}) (rate(${SERIES.votes.name}[${ROLLUP_WINDOW}]))` }],
    },
  ];
}

export function renderRuleFile(groups: readonly RuleGroup[]): string {
  return `# Recording rules the Bilan dashboards read. Rendered by \`npm run render -w dashboards\`\n# from dashboards/src/recording-rules.ts; do not edit. Load it beside alerts/prometheus-rules.yml.\n${stringify({ groups }, { lineWidth: 0 })}`;
}
