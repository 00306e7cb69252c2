/**
 * A scene panel that turns the data of one or more query runners into a view
 * model with a pure function and renders it, with loading, error and empty states.
 * The runners are its children, so scene walks find their queries.
 */
import type { PanelData } from '@grafana/data';
import {
  type SceneComponentProps,
  SceneObjectBase,
  type SceneObjectState,
  type SceneQueryRunner,
  sceneGraph,
} from '@grafana/scenes';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { getPanelStatus } from '../utils/panel-status';
import { PanelFrame } from './PanelFrame';

export interface ViewContext {
  /** The picked range in epoch ms, for links. */
  from: number;
  to: number;
  /** Interpolates `$variables` the way queries see them. */
  interpolate: (text: string) => string;
}

interface ViewPanelState<T = unknown> extends SceneObjectState {
  title: string;
  emptyText: string;
  sources: SceneQueryRunner[];
  toRows: (data: (PanelData | undefined)[], context: ViewContext) => T[];
  render: (rows: T[], context: ViewContext) => ReactNode;
}

export class ViewPanel<T = unknown> extends SceneObjectBase<ViewPanelState<T>> {
  static Component = ViewPanelRenderer;

  constructor(state: ViewPanelState<T>) {
    super(state);
    // Runners that are not `$data` are not activated by Scenes; run them while the panel is shown.
    this.addActivationHandler(() => {
      const deactivators = this.state.sources.map((source) => source.activate());
      return () => {
        for (const deactivate of deactivators) deactivate();
      };
    });
  }
}

function ViewPanelRenderer({ model }: SceneComponentProps<ViewPanel>) {
  const { title, emptyText, sources, toRows, render } = model.useState();
  const data = useSourcesData(sources);
  const { value: range } = sceneGraph.getTimeRange(model).useState();
  const context = useMemo<ViewContext>(
    () => ({
      from: range.from.valueOf(),
      to: range.to.valueOf(),
      interpolate: (text) => sceneGraph.interpolate(model, text),
    }),
    [range, model],
  );
  const rows = useMemo(() => toRows(data, context), [data, context, toRows]);
  return (
    <PanelFrame title={title} status={getPanelStatus(data, rows.length)} emptyText={emptyText}>
      {render(rows, context)}
    </PanelFrame>
  );
}

/** The latest data of every runner, re-rendering when any of them changes. */
function useSourcesData(sources: SceneQueryRunner[]): (PanelData | undefined)[] {
  const [data, setData] = useState(() => sources.map((s) => s.state.data));
  useEffect(() => {
    const update = () => setData(sources.map((s) => s.state.data));
    update();
    const subscriptions = sources.map((s) => s.subscribeToState(update));
    return () => {
      for (const s of subscriptions) s.unsubscribe();
    };
  }, [sources]);
  return data;
}
