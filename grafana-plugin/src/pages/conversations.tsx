import { SceneFlexItem, SceneFlexLayout, TextBoxVariable } from '@grafana/scenes';
import { VariableHide } from '@grafana/schema';
import { ViewPanel } from '../components/ViewPanel';
import { ConversationListView, TimelineView } from '../components/views';
import { VAR } from '../constants';
import {
  buildConversationEventsQuery,
  buildConversationTimelineQuery,
  buildUserJourneyStepsQuery,
  buildVotesPerConversationQuery,
} from '../services/logql';
import { buildConversationTurnsQuery, buildTurnsPerConversationQuery } from '../services/traceql';
import {
  conversationUserId,
  readLabeledValues,
  readLogRows,
  readSpanRows,
  toConversationRows,
  toConversationTimeline,
} from '../utils/frames';
import type { ResolvedDatasources } from '../utils/settings';
import {
  buildLabelVariable,
  buildPageScene,
  buildTextVariable,
  VARIABLE_FILTERS as F,
  lokiRunner,
  tempoRunner,
} from './common';

/** Tempo names metric series labels after the attribute it grouped by. */
const TURNS_BY_CONVERSATION_LABEL = 'span.gen_ai.conversation.id';

export function buildConversationsScene(ds: ResolvedDatasources) {
  const list = new ViewPanel({
    title: 'Conversations',
    emptyText: 'No conversations yet for these filters and time range',
    sources: [
      lokiRunner(ds, buildConversationEventsQuery(F)),
      lokiRunner(ds, buildVotesPerConversationQuery(F), 5000, 'instant'),
      tempoRunner(ds, buildTurnsPerConversationQuery(F), true),
    ],
    toRows: ([events, votes, turns]) =>
      toConversationRows(
        readLogRows(events?.series ?? []),
        readLabeledValues(votes?.series ?? []),
        readLabeledValues(turns?.series ?? [], 'sum'),
        TURNS_BY_CONVERSATION_LABEL,
      ),
    render: (rows, context) => <ConversationListView rows={rows} context={context} />,
  });
  const conversation = `$${VAR.conversation}`;
  // Journey steps carry `user.id` but no conversation id: the conversation's own events
  // name its user, who is set here and queried for journey steps in the same range.
  const user = new TextBoxVariable({
    name: VAR.conversationUser,
    value: '',
    hide: VariableHide.hideVariable,
    skipUrlSync: true,
  });
  const logs = lokiRunner(ds, buildConversationTimelineQuery(conversation));
  const timeline = new ViewPanel({
    title: 'Conversation timeline',
    emptyText: 'Pick a conversation from the list (or paste its id above) to see its turns, votes and journey steps',
    sources: [
      logs,
      tempoRunner(ds, buildConversationTurnsQuery(conversation)),
      lokiRunner(ds, buildUserJourneyStepsQuery(`$${VAR.conversationUser}`)),
    ],
    toRows: ([logData, spans, steps], context) =>
      context.interpolate(conversation)
        ? toConversationTimeline(
            readLogRows(logData?.series ?? []),
            readSpanRows(spans?.series ?? []),
            readLogRows(steps?.series ?? []),
            context.to,
          )
        : [],
    render: (entries, context) => <TimelineView entries={entries} context={context} tempoUid={ds.tempo} />,
  });
  timeline.addActivationHandler(() => {
    const subscription = logs.subscribeToState(({ data }) => {
      const userId = conversationUserId(readLogRows(data?.series ?? []));
      if (user.getValue() !== userId) user.setValue(userId);
    });
    return () => subscription.unsubscribe();
  });
  const body = new SceneFlexLayout({
    direction: 'column',
    children: [new SceneFlexItem({ body: list }), new SceneFlexItem({ body: timeline })],
  });
  return buildPageScene(body, [
    buildLabelVariable('service', ds),
    buildLabelVariable('environment', ds),
    buildLabelVariable('feature', ds),
    buildTextVariable(VAR.conversation, 'Conversation'),
    user,
  ]);
}
