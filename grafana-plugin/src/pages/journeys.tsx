import { SceneFlexItem, SceneFlexLayout } from '@grafana/scenes';
import { ViewPanel } from '../components/ViewPanel';
import { FunnelView } from '../components/views';
import { buildJourneySteps, buildJourneysEnded } from '../services/promql';
import { readLabeledValues, toFunnels } from '../utils/frames';
import type { ResolvedDatasources } from '../utils/settings';
import { buildClockVariables, buildLabelVariable, buildPageScene, instant, prometheusRunner } from './common';

export function buildJourneysScene(ds: ResolvedDatasources) {
  const funnels = new ViewPanel({
    title: 'Journey funnels',
    emptyText: 'No journey steps yet for these filters and time range',
    sources: [
      prometheusRunner(ds, [instant('steps', buildJourneySteps())]),
      prometheusRunner(ds, [instant('ended', buildJourneysEnded())]),
    ],
    toRows: ([steps, ended]) =>
      toFunnels(readLabeledValues(steps?.series ?? []), readLabeledValues(ended?.series ?? [])),
    render: (rows) => <FunnelView funnels={rows} />,
  });
  return buildPageScene(
    new SceneFlexLayout({ direction: 'column', children: [new SceneFlexItem({ body: funnels })] }),
    [buildLabelVariable('service', ds), buildLabelVariable('environment', ds), ...buildClockVariables(ds)],
  );
}
