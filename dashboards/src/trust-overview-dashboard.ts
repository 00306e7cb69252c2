import { DASHBOARD_UID, LABEL } from '@bilan/contract';
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { bilanDashboard, keepFilters } from './common-dashboard';
import type { DashboardConfig } from './config';
import { dashboardUrl, linksProperty } from './links';
import {
  barGaugePanel,
  higherIsBetter,
  lowerIsBetter,
  neutral,
  pieChartPanel,
  prometheusTablePanel,
  statPanel,
  timeseriesPanel,
} from './panels';
import * as q from './queries/trust';

/** Bilan / Trust overview: is the AI helping, and where does it lose users' trust? */
export function trustOverviewDashboard(config: DashboardConfig): dashboard.Dashboard {
  const trust = higherIsBetter(config.trustScore);
  const ratio = { unit: 'percentunit', min: 0, max: 1, decimals: 1 } as const;
  const feedbackFor = (label: string, variable: string) => ({
    title: `Feedback for this ${variable.replace('_', ' ')}`,
    url: `${dashboardUrl(DASHBOARD_UID.feedback)}?${keepFilters(config, [variable])}&var-${variable}=\${__field.labels.${label}}`,
  });
  const trustBy = (label: string, variable: string, title: string) =>
    barGaugePanel(
      {
        title: `Trust score by ${title}`,
        description: `Positive ÷ all votes over the range for each ${title}. Click a bar to read that ${title}'s comments.`,
        ...ratio,
        thresholds: trust,
        width: 8,
        height: 9,
      },
      [q.trustScoreBy(config, label)],
    ).overrideByRegexp('.*', [linksProperty([feedbackFor(label, variable)])]);

  return bilanDashboard(config, {
    uid: DASHBOARD_UID.trustOverview,
    title: 'Bilan / Trust overview',
    description:
      'Trust analytics for AI answers: votes, trust score, conversations, journeys, regenerations and turns.',
    from: 'now-7d',
    counts: true,
  })
    .withRow(new dashboard.RowBuilder('Trust'))
    .withPanel(
      statPanel(
        {
          title: 'Trust score',
          description:
            'Share of votes that were positive over the selected range (positive ÷ all votes), each vote counted exactly once: whole hours from the hourly roll-ups, the edges of the range from the raw counts.',
          ...ratio,
          thresholds: trust,
          width: 6,
          height: 6,
        },
        [q.trustScore(config)],
      ),
    )
    .withPanel(
      statPanel(
        {
          title: 'Trust score, previous period',
          description: 'The same ratio over the period of equal length just before the selected range.',
          ...ratio,
          thresholds: trust,
          width: 6,
          height: 6,
        },
        [q.trustScorePreviousPeriod(config)],
      ),
    )
    .withPanel(
      statPanel(
        {
          title: 'Change against previous period',
          description: 'Trust score now minus the previous period, in percentage points. Red when trust fell.',
          unit: 'percentunit',
          decimals: 1,
          thresholds: [
            { value: null, color: 'red' },
            { value: -0.02, color: 'yellow' },
            { value: 0, color: 'green' },
          ],
          width: 6,
          height: 6,
        },
        [q.trustScoreChange(config)],
      ),
    )
    .withPanel(
      statPanel(
        {
          title: 'Votes',
          description: 'Positive and negative votes cast over the selected range.',
          unit: 'short',
          decimals: 0,
          thresholds: neutral,
          width: 6,
          height: 6,
        },
        [q.votesByRating(config)],
      ),
    )
    .withPanel(
      timeseriesPanel(
        {
          title: 'Trust score trend',
          description: `Trust score over a rolling ${config.trustTrendWindow} window, so a drop after a release shows as a step.`,
          ...ratio,
          thresholds: trust,
          width: 16,
          height: 8,
        },
        [q.trustScoreTrend(config)],
      ).thresholdsStyle(new common.GraphThresholdsStyleConfigBuilder().mode(common.GraphThresholdsStyleMode.Dashed)),
    )
    .withPanel(
      timeseriesPanel(
        {
          title: 'Vote rate',
          description: 'Votes per second by rating.',
          unit: 'reqps',
          min: 0,
          thresholds: neutral,
          width: 8,
          height: 8,
        },
        [q.voteRate(config)],
      ),
    )
    .withRow(new dashboard.RowBuilder('By feature, model and prompt version'))
    .withPanel(trustBy(LABEL.feature, 'feature', 'feature'))
    .withPanel(trustBy(LABEL.model, 'model', 'model'))
    .withPanel(trustBy(LABEL.promptVersion, 'prompt_version', 'prompt version'))
    .withPanel(
      prometheusTablePanel(
        {
          title: 'Votes by model and prompt version',
          description:
            'Every model × prompt version pair that received votes over the range, across the features chosen above, with its negative votes and trust score: which combination loses trust. Choose a feature to see its own pairs.',
          unit: 'short',
          thresholds: neutral,
          width: 24,
          height: 10,
        },
        q.votesBreakdown(config),
      )
        .withTransformation({ id: 'merge', options: {} })
        .withTransformation({
          id: 'organize',
          options: {
            excludeByName: { Time: true },
            renameByName: { 'Value #A': 'Votes', 'Value #B': 'Negative votes', 'Value #C': 'Trust score' },
          },
        })
        .withTransformation({ id: 'sortBy', options: { sort: [{ field: 'Votes', desc: true }] } })
        .overrideByName('Trust score', [
          { id: 'unit', value: 'percentunit' },
          { id: 'decimals', value: 1 },
          { id: 'custom.cellOptions', value: { type: 'color-background' } },
          {
            id: 'thresholds',
            value: { mode: dashboard.ThresholdsMode.Absolute, steps: trust },
          },
        ]),
    )
    .withRow(new dashboard.RowBuilder('Conversations and journeys'))
    .withPanel(
      statPanel(
        {
          title: 'Conversations started',
          description: 'Conversations started over the selected range.',
          unit: 'short',
          decimals: 0,
          thresholds: neutral,
          width: 6,
          height: 9,
        },
        [q.conversationsStarted(config)],
      ),
    )
    .withPanel(
      statPanel(
        {
          title: 'Abandoned or escalated',
          description: 'Share of conversations ended over the range that were abandoned or escalated to a human.',
          ...ratio,
          thresholds: lowerIsBetter(config.unhappyConversationRatio),
          width: 6,
          height: 9,
        },
        [q.unhappyConversationRatio(config)],
      ),
    )
    .withPanel(
      pieChartPanel(
        {
          title: 'Conversation outcomes',
          description: 'How conversations ended over the range: completed, abandoned or escalated.',
          unit: 'short',
          decimals: 0,
          thresholds: neutral,
          width: 12,
          height: 9,
        },
        [q.conversationOutcomes(config)],
      ),
    )
    .withPanel(
      barGaugePanel(
        {
          title: 'Journey funnel',
          description:
            'Users reaching each journey step over the range, largest first: the drop between steps is where they leave.',
          unit: 'short',
          decimals: 0,
          min: 0,
          thresholds: neutral,
          width: 12,
          height: 10,
        },
        [q.journeyFunnel(config)],
      ),
    )
    .withPanel(
      barGaugePanel(
        {
          title: 'Journeys completed and abandoned',
          description: 'Journeys that reached their end, and those given up, over the range.',
          unit: 'short',
          decimals: 0,
          min: 0,
          thresholds: neutral,
          width: 12,
          height: 10,
        },
        [q.journeyOutcomes(config)],
      ),
    )
    .withRow(new dashboard.RowBuilder('Turns'))
    .withPanel(
      timeseriesPanel(
        {
          title: 'Regenerations',
          description: 'Answers users asked to regenerate, per second: a quiet signal of a bad answer.',
          unit: 'reqps',
          min: 0,
          thresholds: neutral,
          width: 10,
          height: 8,
        },
        [q.regenerationRate(config)],
      ),
    )
    .withPanel(
      barGaugePanel(
        {
          title: 'Regenerated share by feature',
          description: 'Regenerations ÷ successful turns over the range, for each feature.',
          ...ratio,
          thresholds: lowerIsBetter(config.regenerationRatio),
          width: 8,
          height: 8,
        },
        [q.regenerationRatio(config, [LABEL.feature])],
      ),
    )
    .withPanel(
      statPanel(
        {
          title: 'Regenerated answers',
          description: 'Regenerations ÷ successful turns over the range.',
          ...ratio,
          thresholds: lowerIsBetter(config.regenerationRatio),
          width: 6,
          height: 8,
        },
        [q.regenerationRatio(config)],
      ),
    )
    .withPanel(
      timeseriesPanel(
        {
          title: 'Turn latency',
          description: 'P50, P95 and P99 of AI-call duration, from the turn-duration histogram.',
          unit: 's',
          min: 0,
          thresholds: lowerIsBetter(config.turnLatencySeconds),
          width: 12,
          height: 8,
        },
        q.turnLatency(config),
      ),
    )
    .withPanel(
      timeseriesPanel(
        {
          title: 'Turn error ratio',
          description: 'Share of AI calls that failed (timeouts, rate limits, provider errors).',
          ...ratio,
          thresholds: lowerIsBetter(config.turnErrorRatio),
          width: 12,
          height: 8,
        },
        [q.turnErrorRatio(config)],
      ),
    )
    .withPanel(
      timeseriesPanel(
        {
          title: 'Turns',
          description: 'AI calls per second, by outcome.',
          unit: 'reqps',
          min: 0,
          thresholds: neutral,
          width: 8,
          height: 8,
        },
        [q.turnRate(config)],
      ),
    )
    .withPanel(
      timeseriesPanel(
        {
          title: 'Token usage',
          description: 'Input and output tokens per second.',
          unit: 'short',
          min: 0,
          thresholds: neutral,
          width: 8,
          height: 8,
        },
        [q.tokenRate(config)],
      ),
    )
    .withPanel(
      pieChartPanel(
        {
          title: 'Tokens by model',
          description: 'Tokens used over the range, by model: where the spend goes.',
          unit: 'short',
          decimals: 0,
          thresholds: neutral,
          width: 8,
          height: 8,
        },
        [q.tokensByModel(config)],
      ),
    )
    .build();
}
