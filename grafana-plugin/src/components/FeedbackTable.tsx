/**
 * Every vote with its comment in Grafana's virtualised table, with one click to
 * the vote's trace (Tempo, in Explore) and to its conversation, and CSV export.
 */
import {
  applyFieldOverrides,
  createDataFrame,
  type DataFrame,
  type Field,
  FieldType,
  type GrafanaTheme2,
  type LinkModel,
} from '@grafana/data';
import { Button, Stack, Table, useTheme2 } from '@grafana/ui';
import { useMemo } from 'react';
import { type CsvColumn, toCsv } from '../utils/csv';
import type { FeedbackRow } from '../utils/frames';
import { buildConversationUrl, buildTraceExploreUrl, type LinkRange } from '../utils/links';

export const FEEDBACK_COLUMNS: CsvColumn<FeedbackRow>[] = [
  { header: 'time', value: (r) => new Date(r.timeMs) },
  { header: 'rating', value: (r) => r.rating },
  { header: 'score', value: (r) => r.score },
  { header: 'comment', value: (r) => r.comment },
  { header: 'feature', value: (r) => r.feature },
  { header: 'model', value: (r) => r.model },
  { header: 'prompt_version', value: (r) => r.promptVersion },
  { header: 'conversation_id', value: (r) => r.conversationId },
  { header: 'turn_id', value: (r) => r.turnId },
  { header: 'trace_id', value: (r) => r.traceId },
  { header: 'user_id', value: (r) => r.userId },
  { header: 'service', value: (r) => r.service },
];

interface Props {
  rows: FeedbackRow[];
  tempoUid: string;
  range: LinkRange;
  width: number;
  height: number;
  /** Hide the export button (e.g. on the overview's short list). */
  compact?: boolean;
}

export function FeedbackTable({ rows, tempoUid, range, width, height, compact }: Props) {
  const theme = useTheme2();
  const frame = useMemo(() => buildFeedbackFrame(rows, theme, tempoUid, range), [rows, theme, tempoUid, range]);
  return (
    <Stack direction="column" gap={1}>
      {!compact && (
        <Stack justifyContent="space-between" alignItems="center">
          <span>{rows.length.toLocaleString()} votes</span>
          <Button icon="download-alt" variant="secondary" size="sm" onClick={() => downloadCsv(rows)}>
            Export CSV
          </Button>
        </Stack>
      )}
      <Table data={frame} width={width} height={height} ariaLabel="Feedback" />
    </Stack>
  );
}

function buildFeedbackFrame(rows: FeedbackRow[], theme: GrafanaTheme2, tempoUid: string, range: LinkRange): DataFrame {
  const raw = createDataFrame({
    fields: [
      { name: 'Time', type: FieldType.time, values: rows.map((r) => r.timeMs) },
      { name: 'Rating', type: FieldType.string, values: rows.map((r) => r.rating) },
      { name: 'Comment', type: FieldType.string, values: rows.map((r) => r.comment) },
      { name: 'Feature', type: FieldType.string, values: rows.map((r) => r.feature) },
      { name: 'Model', type: FieldType.string, values: rows.map((r) => r.model) },
      { name: 'Prompt version', type: FieldType.string, values: rows.map((r) => r.promptVersion) },
      {
        name: 'Conversation',
        type: FieldType.string,
        values: rows.map((r) => r.conversationId),
        config: linkConfig('Open conversation'),
      },
      {
        name: 'Trace',
        type: FieldType.string,
        values: rows.map((r) => (r.traceId ? 'Open trace' : '')),
        config: linkConfig('Open trace in Tempo'),
      },
    ],
  });
  const [frame] = applyFieldOverrides({
    data: [raw],
    fieldConfig: { defaults: {}, overrides: [] },
    replaceVariables: (value) => value,
    theme,
  });
  if (!frame) return raw;
  // Links are per row and built by links.ts, not by Grafana's URL templating.
  const linkFor = (name: string, href: (row: FeedbackRow) => string) => {
    const field = frame.fields.find((f) => f.name === name);
    if (!field) return;
    field.getLinks = ({ valueRowIndex }: { valueRowIndex?: number } = {}): Array<LinkModel<Field>> => {
      const row = valueRowIndex === undefined ? undefined : rows[valueRowIndex];
      const url = row ? href(row) : '';
      return url ? [{ href: url, title: field.config.links?.[0]?.title ?? name, target: '_self', origin: field }] : [];
    };
  };
  linkFor('Conversation', (r) => (r.conversationId ? buildConversationUrl(r.conversationId, toRange(range)) : ''));
  linkFor('Trace', (r) => (r.traceId ? buildTraceExploreUrl(tempoUid, r.traceId, toRange(range)) : ''));
  return frame;
}

function linkConfig(title: string) {
  return { links: [{ title, url: '' }] };
}

function toRange(range: LinkRange): LinkRange {
  return { from: String(range.from), to: String(range.to) };
}

function downloadCsv(rows: FeedbackRow[]) {
  const blob = new Blob([toCsv(rows, FEEDBACK_COLUMNS)], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `bilan-feedback-${new Date().toISOString().slice(0, 19)}.csv`;
  a.click();
  URL.revokeObjectURL(url);
}
