/**
 * Benchmark page: n votes as Loki returns them (a log frame with structured
 * metadata) → the app's frame transform → FeedbackTable with real @grafana/ui,
 * timed from the data source response to the first painted frame with rows.
 * Exposes `renderFeedback(n)`.
 */

import { createDataFrame, FieldType } from '@grafana/data';
import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
import { FeedbackTable } from '../../src/components/FeedbackTable';
import { readLogRows, toFeedbackRows } from '../../src/utils/frames';

const now = Date.now();

/** n votes in Loki's log frame shape, labels named as Loki names OTLP attributes. */
function makeLokiFrame(n: number) {
  const labels = Array.from({ length: n }, (_, i) => ({
    gen_ai_evaluation_score_label: i % 4 === 0 ? 'negative' : 'positive',
    gen_ai_evaluation_score_value: i % 4 === 0 ? '-1' : '1',
    gen_ai_evaluation_explanation: i % 3 === 0 ? `Comment number ${i}, with "quotes" and, commas` : '',
    bilan_feature: ['chat', 'search', 'summarize'][i % 3] ?? 'chat',
    gen_ai_request_model: i % 2 ? 'gpt-4o-mini' : 'claude-haiku',
    bilan_prompt_version: `v${i % 5}`,
    gen_ai_conversation_id: `conv-${i % 500}`,
    bilan_turn_id: `turn-${i}`,
    trace_id: (i + 1).toString(16).padStart(32, '0'),
    user_id: `user-${i % 97}`,
    service_name: 'bench',
  }));
  return createDataFrame({
    fields: [
      { name: 'labels', type: FieldType.other, values: labels },
      { name: 'Time', type: FieldType.time, values: labels.map((_, i) => now - i * 60_000) },
      { name: 'Line', type: FieldType.string, values: labels.map(() => '') },
    ],
  });
}

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
let root: Root | undefined;

async function renderFeedback(n: number): Promise<number> {
  root?.unmount();
  const container = document.getElementById('root');
  if (!container) throw new Error('no #root');
  const frame = makeLokiFrame(n);
  root = createRoot(container);
  const started = performance.now();
  const rows = toFeedbackRows(readLogRows([frame]));
  flushSync(() => {
    root?.render(
      <FeedbackTable rows={rows} tempoUid="tempo" range={{ from: 'now-7d', to: 'now' }} width={1200} height={600} />,
    );
  });
  while (container.querySelectorAll('[role="row"]').length < 2) await nextFrame();
  await nextFrame();
  return performance.now() - started;
}

Object.assign(window, { renderFeedback });
