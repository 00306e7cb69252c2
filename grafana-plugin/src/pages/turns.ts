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
  buildLabelVariable,
  buildPageScene,
  VARIABLE_FILTERS as F,
  instant,
  prometheusRunner,
  rangeQuery,
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
            .setData(prometheusRunner(ds, [rangeQuery('A', buildTurnVolume(F), '{{outcome}}')]))
            .setUnit('short')
            .setNoValue('No turns yet')
            .build(),
        ),
        item(
          PanelBuilders.stat()
            .setTitle('Success rate')
            .setData(prometheusRunner(ds, [instant('A', buildTurnSuccessRate(F))]))
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
              prometheusRunner(ds, [
                rangeQuery('p50', buildTurnLatencyQuantile(0.5, F), 'p50'),
                rangeQuery('p95', buildTurnLatencyQuantile(0.95, F), 'p95'),
                rangeQuery('p99', buildTurnLatencyQuantile(0.99, F), 'p99'),
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
              prometheusRunner(ds, [{ ...rangeQuery('A', buildTurnLatencyHeatmap(F), '{{le}}'), format: 'heatmap' }]),
            )
            .setNoValue('No turns yet')
            .build(),
        ),
        item(
          PanelBuilders.timeseries()
            .setTitle('Token usage')
            .setData(prometheusRunner(ds, [rangeQuery('A', buildTokenUsage(F), '{{token_type}}')]))
            .setUnit('short')
            .setNoValue('No token usage reported')
            .build(),
        ),
      ),
      item(
        PanelBuilders.table()
          .setTitle('Regenerations by feature and model')
          .setData(prometheusRunner(ds, [{ ...instant('A', buildRegenerations(F)), format: 'table' }]))
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
  ]);
}
