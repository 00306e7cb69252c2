import { ATTR, DASHBOARD_UID, toLokiLabel } from '@bilan/contract';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { bilanDashboard, keepFilters } from './common-dashboard';
import type { DashboardConfig } from './config';
import { appUrl, dashboardUrl, linksProperty, macro } from './links';
import { datasources, lokiTablePanel, lokiTimeseriesPanel, neutral, tempoTablePanel } from './panels';
import { failedTurns, voteLogRate, votesWithComments } from './queries/feedback';

/** Columns of the feedback table: Loki field → header, in order. */
const COLUMNS: ReadonlyArray<readonly [string, string]> = [
  ['Time', 'Time'],
  [toLokiLabel(ATTR.evaluationScoreLabel), 'Rating'],
  [toLokiLabel(ATTR.evaluationExplanation), 'Comment'],
  [toLokiLabel(ATTR.feature), 'Feature'],
  [toLokiLabel(ATTR.requestModel), 'Model'],
  [toLokiLabel(ATTR.promptVersion), 'Prompt version'],
  [toLokiLabel(ATTR.conversationId), 'Conversation'],
  ['trace_id', 'Trace'],
];

/** Bilan / Feedback: what users said about the answers, each linked to its trace and conversation. */
export function feedbackDashboard(config: DashboardConfig): dashboard.Dashboard {
  const conversation = new dashboard.TextBoxVariableBuilder('conversation')
    .label('Conversation id (regex)')
    .description('Shows only the votes of matching conversations; `.*` shows all.')
    .defaultValue('.*')
    .current({ text: '.*', value: '.*' });
  const traceLink = {
    title: 'Open trace in Tempo',
    url: '',
    internal: {
      datasourceUid: datasources.tempo.uid,
      datasourceName: 'Tempo',
      query: { queryType: 'traceql', query: macro('__value.raw') },
    },
  };
  const conversationLinks = [
    {
      title: 'Votes of this conversation',
      url: `${dashboardUrl(DASHBOARD_UID.feedback)}?${keepFilters(config)}&var-conversation=\${__value.raw}`,
    },
    // The app's Conversations page reads `from`, `to` and `var-conversation` from its URL.
    {
      title: 'Open conversation in the Bilan app',
      url: `${appUrl('conversations')}?${macro('__url_time_range')}&var-conversation=${macro('__value.raw')}`,
    },
  ];

  return bilanDashboard(config, {
    uid: DASHBOARD_UID.feedback,
    title: 'Bilan / Feedback',
    description: 'Votes with comments from Loki, each row linked to its trace in Tempo and to its conversation.',
    from: 'now-24h',
    loki: true,
  })
    .withVariable(conversation)
    .withPanel(
      lokiTimeseriesPanel(
        {
          title: 'Votes from logs',
          description: 'Vote events counted in Loki by rating; should agree with the vote counters in Prometheus.',
          unit: 'short',
          min: 0,
          thresholds: neutral,
          width: 24,
          height: 7,
        },
        [voteLogRate(config)],
      ),
    )
    .withPanel(
      lokiTablePanel(
        {
          title: 'Votes with comments',
          description:
            'Newest first. Click a Trace to open the rated turn in Tempo, or a Conversation to see its other votes or open it in the Bilan app.',
          unit: 'string',
          thresholds: neutral,
          width: 24,
          height: 14,
        },
        [votesWithComments(config)],
      )
        .withTransformation({ id: 'extractFields', options: { source: 'labels', format: 'auto', replace: false } })
        .withTransformation({
          id: 'organize',
          options: {
            indexByName: Object.fromEntries(COLUMNS.map(([field], i) => [field, i])),
            renameByName: Object.fromEntries(COLUMNS),
            excludeByName: { labels: true, Line: true, id: true, tsNs: true },
          },
        })
        .withTransformation({ id: 'filterFieldsByName', options: { include: { names: COLUMNS.map(([, h]) => h) } } })
        .overrideByName('Time', [{ id: 'unit', value: 'dateTimeAsIso' }])
        .overrideByName('Rating', [
          { id: 'custom.cellOptions', value: { type: 'color-text' } },
          {
            id: 'mappings',
            value: [
              {
                type: 'value',
                options: {
                  positive: { color: 'green', text: '👍 positive' },
                  negative: { color: 'red', text: '👎 negative' },
                },
              },
            ],
          },
        ])
        .overrideByName('Trace', [linksProperty([traceLink])])
        .overrideByName('Conversation', [linksProperty(conversationLinks)]),
    )
    .withPanel(
      tempoTablePanel(
        {
          title: 'Failed turns',
          description:
            'Recent AI calls that ended in error, from Tempo, with the same filters. Click a trace to open it.',
          unit: 'string',
          thresholds: neutral,
          width: 24,
          height: 10,
        },
        failedTurns(config),
      ),
    )
    .build();
}
