import { LABEL, SERIES, type SeriesSpec } from '@bilan/contract';
import { stringify } from 'yaml';
import { dashboardConfig } from './config';
import { durationSeconds } from './template';

/**
 * Hourly roll-ups of the counters the Trust overview reads over days or weeks. The
 * benchmark found those panels the slowest: their cost is series × samples read, and a
 * roll-up evaluated once per hour holds one sample per series per hour whatever the
 * pipeline's write rate. Every roll-up keeps every label of its source (each is a
 * dashboard filter or a panel's grouping), so filtered panels read it too. The alerts'
 * rules (`bilan:votes:rate5m`, evaluated every minute) hold as many samples as the raw
 * counter, so they cannot help. Each sample is the mean rate of one window: summing
 * samples over a range and multiplying by the window gives the count in that range.
 */
export const ROLLUP_WINDOW = '1h';
export const ROLLUP_WINDOW_SECONDS = durationSeconds(ROLLUP_WINDOW);

/** A roll-up: the series panels read, and the rule that records it. */
export interface Rollup {
  readonly series: SeriesSpec;
  readonly expr: string;
}

/**
 * `sum by (<every label>) (rate(<source>[window]))`, named `bilan:<name>:rate<window>`.
 * A histogram rolls up its `_bucket` series, keeping `le` for `histogram_quantile`.
 * `without` drops labels no panel filters by (`bilan:<name>_without_<labels>:rate<window>`).
 */
export function rollup(source: SeriesSpec, window = ROLLUP_WINDOW, without: readonly string[] = []): Rollup {
  const histogram = source.type === 'histogram';
  const labels = (histogram ? [...source.labels, 'le'] : source.labels).filter((l) => !without.includes(l));
  const stem = source.name.replace(/^bilan_/, '').replace(/_total$/, '');
  const base = without.length === 0 ? stem : `${stem}_without_${without.join('_')}`;
  const name = histogram ? `bilan:${base}_bucket:rate${window}` : `bilan:${base}:rate${window}`;
  const input = histogram ? `${source.name}_bucket` : source.name;
  return {
    series: { name, type: 'counter', labels, help: `Mean per-second rate of ${input} over each ${window}` },
    expr: `sum by (${labels.join(', ')}) (rate(${input}[${window}]))`,
  };
}

/** Every roll-up the dashboards read. */
export const ROLLUPS = {
  votes: rollup(SERIES.votes),
  /** All votes whatever the rating: a ratio's denominator reads half the series of `votes`. */
  allVotes: rollup(SERIES.votes, ROLLUP_WINDOW, [LABEL.rating]),
  /** Votes over the trend window, recorded every hour: the trend line reads one sample per step. */
  votesTrend: rollup(SERIES.votes, dashboardConfig.trustTrendWindow),
  allVotesTrend: rollup(SERIES.votes, dashboardConfig.trustTrendWindow, [LABEL.rating]),
  turns: rollup(SERIES.turns),
  tokens: rollup(SERIES.turnTokens),
  regenerations: rollup(SERIES.regenerations),
  turnDuration: rollup(SERIES.turnDuration),
  conversationsEnded: rollup(SERIES.conversationsEnded),
} as const;

export const VOTES_ROLLUP = ROLLUPS.votes.series;

export interface RuleGroup {
  readonly name: string;
  readonly interval: string;
  readonly rules: ReadonlyArray<{ readonly record: string; readonly expr: string }>;
}

/**
 * The dashboards' rule group. `interval` must equal the hourly window in production
 * (samples then tile time exactly); tests may evaluate more often, which keeps every
 * ratio right.
 */
export function dashboardRuleGroups(interval = ROLLUP_WINDOW): RuleGroup[] {
  return [
    {
      name: 'bilan-dashboards-rollup',
      interval,
      rules: Object.values(ROLLUPS).map((r) => ({ record: r.series.name, expr: r.expr })),
    },
  ];
}

export function renderRuleFile(groups: readonly RuleGroup[]): string {
  return `# Recording rules the Bilan dashboards read. Rendered by \`npm run render -w dashboards\`\n# from dashboards/src/recording-rules.ts; do not edit. Load it beside alerts/prometheus-rules.yml.\n${stringify({ groups }, { lineWidth: 0 })}`;
}
