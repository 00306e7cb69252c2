/** The custom panels' renderers: thin layouts over view models from utils/. */
import { Link } from 'react-router-dom';
import type { ConversationRow, FeedbackRow, Funnel, TimelineEntry } from '../utils/frames';
import { buildConversationUrl, buildTraceExploreUrl } from '../utils/links';
import type { RankedVariant } from '../utils/trust';
import { FeedbackTable } from './FeedbackTable';
import { formatPercent, SimpleTable } from './SimpleTable';
import { useWidth } from './useWidth';
import type { ViewContext } from './ViewPanel';

const rangeOf = (c: ViewContext) => ({ from: String(c.from), to: String(c.to) });

export function FeedbackView({
  rows,
  context,
  tempoUid,
  height,
  compact,
}: {
  rows: FeedbackRow[];
  context: ViewContext;
  tempoUid: string;
  height: number;
  compact?: boolean;
}) {
  const { ref, width } = useWidth<HTMLDivElement>();
  return (
    <div ref={ref}>
      <FeedbackTable
        rows={rows}
        tempoUid={tempoUid}
        range={rangeOf(context)}
        width={width}
        height={height}
        compact={compact}
      />
    </div>
  );
}

export function RankingView({ rows, label }: { rows: (RankedVariant & { decayed?: number })[]; label: string }) {
  return (
    <SimpleTable
      label={label}
      rows={rows}
      columns={[
        { header: '#', cell: (r) => rows.indexOf(r) + 1, numeric: true },
        { header: label, cell: (r) => r.key },
        { header: 'Votes', cell: (r) => r.total.toLocaleString(), numeric: true },
        { header: 'Trust', cell: (r) => formatPercent(r.score), numeric: true },
        { header: '95% interval', cell: (r) => `${formatPercent(r.lower)} – ${formatPercent(r.upper)}`, numeric: true },
        { header: 'Decay-weighted (7-day half-life)', cell: (r) => formatPercent(r.decayed), numeric: true },
      ]}
    />
  );
}

export function FunnelView({ funnels }: { funnels: Funnel[] }) {
  return (
    <>
      {funnels.map((f) => (
        <div key={f.journey}>
          <h4>
            {f.journey} — completed {f.completed.toLocaleString()}, abandoned {f.abandoned.toLocaleString()}
          </h4>
          <SimpleTable
            label={`Funnel ${f.journey}`}
            rows={f.steps}
            columns={[
              { header: 'Step', cell: (s) => s.step },
              { header: 'Reached', cell: (s) => s.count.toLocaleString(), numeric: true },
              {
                header: 'Conversion',
                cell: (s) => <meter value={s.conversion} title={formatPercent(s.conversion)} />,
                numeric: false,
              },
              { header: 'of first step', cell: (s) => formatPercent(s.conversion), numeric: true },
              { header: 'Drop-off', cell: (s) => formatPercent(s.dropOff), numeric: true },
            ]}
          />
        </div>
      ))}
    </>
  );
}

export function ConversationListView({ rows, context }: { rows: ConversationRow[]; context: ViewContext }) {
  return (
    <SimpleTable
      label="Conversations"
      rows={rows}
      columns={[
        {
          header: 'Conversation',
          cell: (r) => <Link to={buildConversationUrl(r.conversationId, rangeOf(context))}>{r.conversationId}</Link>,
        },
        { header: 'Feature', cell: (r) => r.feature },
        { header: 'Outcome', cell: (r) => r.outcome },
        { header: 'Turns', cell: (r) => r.turns, numeric: true },
        { header: 'Votes', cell: (r) => r.votes, numeric: true },
        { header: 'Started', cell: (r) => (r.startedMs ? new Date(r.startedMs).toLocaleString() : '–') },
      ]}
    />
  );
}

export function TimelineView({
  entries,
  context,
  tempoUid,
}: {
  entries: TimelineEntry[];
  context: ViewContext;
  tempoUid: string;
}) {
  return (
    <SimpleTable
      label="Conversation timeline"
      rows={entries}
      columns={[
        { header: 'Time', cell: (e) => new Date(e.timeMs).toLocaleTimeString() },
        { header: 'Kind', cell: (e) => e.kind.replace('_', ' ') },
        { header: 'What', cell: (e) => e.title },
        { header: 'Detail', cell: (e) => e.detail },
        {
          header: 'Trace',
          cell: (e) =>
            e.traceId ? <a href={buildTraceExploreUrl(tempoUid, e.traceId, rangeOf(context))}>Open trace</a> : '',
        },
      ]}
    />
  );
}
