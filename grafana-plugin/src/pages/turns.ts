import { PanelBuilders, SceneFlexItem, SceneFlexLayout } from '@grafana/scenes';
import {
  buildRegenerations,
  buildTokenUsage,
  buildTurnLatencyHeatmap,
  buildTurnLatencyQuantile,
  buildTurnSuccessRate,
  buildTurnVolume,
} from '../services/promql';
import { buildTurnErrorsByTypeQuery } from '../services/traceql';
import type { ResolvedDatasources } from '../utils/settings';
import {
  buildClockVariables,
  buildLabelVariable,
  buildPageScene,
  VARIABLE_FILTERS as F,
  instant,
  prometheusRunner,
  rangeQuery,
  rollupRangeRunner,
  tempoRunner,
} from './common';

const row = (...children: SceneFlexItem[]) => new SceneFlexLayout({ direction: 'row', wrap: 'wrap', children });
const item = (body: SceneFlexItem['state']['body'], minWidth = 400, height = 280) =>
  new SceneFlexItem({ minWidth, height, body });

export function buildTurnsScene(ds: ResolvedDatasources) {
  const body = new SceneFlexLayout({
    direction: 'column',
    children: [
      row(
        item(
          PanelBuilders.timeseries()
            .setTitle('Turns by outcome, per interval')
            .setData(rollupRangeRunner(ds, [rangeQuery('A', buildTurnVolume(), '{{outcome}}')]))
            .setUnit('short')
            .setNoValue('No turns yet')
            .build(),
        ),
        item(
          PanelBuilders.stat()
            .setTitle('Success rate')
            .setData(prometheusRunner(ds, [instant('A', buildTurnSuccessRate())]))
            .setUnit('percentunit')
            .setNoValue('No turns yet')
            .build(),
          200,
        ),
      ),
      row(
        item(
          PanelBuilders.timeseries()
            .setTitle('Failures by error type (Tempo)')
            .setData(tempoRunner(ds, buildTurnErrorsByTypeQuery(F), true))
            .setUnit('reqps')
            .setNoValue('No failed turns')
            .build(),
        ),
        item(
          PanelBuilders.timeseries()
            .setTitle('Latency percentiles')
            .setData(
              rollupRangeRunner(ds, [
                rangeQuery('p50', buildTurnLatencyQuantile(0.5), 'p50'),
                rangeQuery('p95', buildTurnLatencyQuantile(0.95), 'p95'),
                rangeQuery('p99', buildTurnLatencyQuantile(0.99), 'p99'),
              ]),
            )
            .setUnit('s')
            .setNoValue('No turns yet')
            .build(),
        ),
      ),
      row(
        item(
          PanelBuilders.heatmap()
            .setTitle('Latency distribution')
            .setData(
              rollupRangeRunner(ds, [{ ...rangeQuery('A', buildTurnLatencyHeatmap(), '{{le}}'), format: 'heatmap' }]),
            )
            .setNoValue('No turns yet')
            .build(),
        ),
        item(
          PanelBuilders.timeseries()
            .setTitle('Token usage')
            .setData(rollupRangeRunner(ds, [rangeQuery('A', buildTokenUsage(), '{{token_type}}')]))
            .setUnit('short')
            .setNoValue('No token usage reported')
            .build(),
        ),
      ),
      item(
        PanelBuilders.table()
          .setTitle('Regenerations by feature')
          .setData(prometheusRunner(ds, [{ ...instant('A', buildRegenerations()), format: 'table' }]))
          .setNoValue('No regenerations')
          .build(),
        400,
        240,
      ),
    ],
  });
  return buildPageScene(body, [
    buildLabelVariable('service', ds),
    buildLabelVariable('environment', ds),
    buildLabelVariable('feature', ds),
    buildLabelVariable('model', ds),
    ...buildClockVariables(ds),
  ]);
}
