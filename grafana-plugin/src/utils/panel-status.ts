/** What a panel shows: a spinner, an error, an empty state or its content. */
import { LoadingState, type PanelData } from '@grafana/data';

export type PanelStatus =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'empty' }
  | { kind: 'ready' };

/**
 * Combines the data of every query source of a panel: any error wins (a down
 * data source must never look like "no votes yet"), then loading while nothing
 * arrived, then empty when the view model has no rows.
 */
export function getPanelStatus(data: readonly (PanelData | undefined)[], rowCount: number): PanelStatus {
  for (const d of data) {
    const message = d?.errors?.[0]?.message ?? d?.error?.message;
    if (d?.state === LoadingState.Error || message) return { kind: 'error', message: message ?? 'Query failed' };
  }
  const waiting = data.some((d) => !d || d.state === LoadingState.Loading || d.state === LoadingState.NotStarted);
  if (waiting && rowCount === 0) return { kind: 'loading' };
  return rowCount === 0 ? { kind: 'empty' } : { kind: 'ready' };
}
