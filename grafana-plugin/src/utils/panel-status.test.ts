import { LoadingState, type PanelData } from '@grafana/data';
import { describe, expect, it } from 'vitest';
import { getPanelStatus } from './panel-status';

const data = (state: LoadingState, extra: Partial<PanelData> = {}) =>
  ({ state, series: [], ...extra }) as unknown as PanelData;

describe('getPanelStatus', () => {
  it('is loading until data arrives, then empty or ready', () => {
    expect(getPanelStatus([undefined], 0)).toEqual({ kind: 'loading' });
    expect(getPanelStatus([data(LoadingState.Loading)], 0)).toEqual({ kind: 'loading' });
    expect(getPanelStatus([data(LoadingState.Loading)], 3)).toEqual({ kind: 'ready' });
    expect(getPanelStatus([data(LoadingState.Done)], 0)).toEqual({ kind: 'empty' });
    expect(getPanelStatus([data(LoadingState.Done)], 1)).toEqual({ kind: 'ready' });
  });

  it('reports any source error first, even with rows from another source', () => {
    const down = data(LoadingState.Error, { errors: [{ message: 'connection refused' }] });
    expect(getPanelStatus([data(LoadingState.Done), down], 5)).toEqual({
      kind: 'error',
      message: 'connection refused',
    });
    expect(getPanelStatus([data(LoadingState.Error)], 0)).toEqual({ kind: 'error', message: 'Query failed' });
  });
});
