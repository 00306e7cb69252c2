import { DATASOURCE_UID } from '@bilan/contract';
import * as bargauge from '@grafana/grafana-foundation-sdk/bargauge';
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as loki from '@grafana/grafana-foundation-sdk/loki';
import * as piechart from '@grafana/grafana-foundation-sdk/piechart';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as table from '@grafana/grafana-foundation-sdk/table';
import * as tempo from '@grafana/grafana-foundation-sdk/tempo';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import type { LokiQuery, PromQuery, TempoQuery } from './queries/types';

/** Small typed factories over the Foundation SDK so every panel gets a description, unit and thresholds. */

export const datasources = {
  prometheus: { type: 'prometheus', uid: DATASOURCE_UID.prometheus },
  loki: { type: 'loki', uid: DATASOURCE_UID.loki },
  tempo: { type: 'tempo', uid: DATASOURCE_UID.tempo },
} as const;

/** Threshold steps: green while high, yellow below `warning`, red below `critical`. */
export function higherIsBetter(limits: { warning: number; critical: number }): dashboard.Threshold[] {
  return [
    { value: null, color: 'red' },
    { value: limits.critical, color: 'yellow' },
    { value: limits.warning, color: 'green' },
  ];
}

/** Threshold steps: green while low, yellow from `warning`, red from `critical`. */
export function lowerIsBetter(limits: { warning: number; critical: number }): dashboard.Threshold[] {
  return [
    { value: null, color: 'green' },
    { value: limits.warning, color: 'yellow' },
    { value: limits.critical, color: 'red' },
  ];
}

/** For counts with no good or bad value: one neutral step. */
export const neutral: dashboard.Threshold[] = [{ value: null, color: 'blue' }];

interface PanelSpec {
  readonly title: string;
  readonly description: string;
  readonly unit: string;
  readonly thresholds: dashboard.Threshold[];
  readonly width: number;
  readonly height: number;
  readonly min?: number;
  readonly max?: number;
  readonly decimals?: number;
}

/** What every core panel builder has in common. */
interface PanelChrome<B> {
  title(t: string): B;
  description(d: string): B;
  unit(u: string): B;
  thresholds(t: cog.Builder<dashboard.ThresholdsConfig>): B;
  span(w: number): B;
  height(h: number): B;
  min(v: number): B;
  max(v: number): B;
  decimals(v: number): B;
  datasource(ref: { type: string; uid: string }): B;
  withTarget(t: cog.Builder<cog.Dataquery>): B;
  maxDataPoints(n: number): B;
}

function chrome<B extends PanelChrome<B>>(builder: B, spec: PanelSpec): B {
  let b = builder
    .title(spec.title)
    .description(spec.description)
    .unit(spec.unit)
    .thresholds(new dashboard.ThresholdsConfigBuilder().mode(dashboard.ThresholdsMode.Absolute).steps(spec.thresholds))
    .span(spec.width)
    .height(spec.height);
  if (spec.min !== undefined) b = b.min(spec.min);
  if (spec.max !== undefined) b = b.max(spec.max);
  if (spec.decimals !== undefined) b = b.decimals(spec.decimals);
  return b;
}

const REF_IDS = 'ABCDEFGHIJ';

function refId(i: number): string {
  const id = REF_IDS[i];
  if (id === undefined) throw new Error(`at most ${REF_IDS.length} queries per panel`);
  return id;
}

/**
 * Instant queries come back one frame per series (so a bar gauge or pie shows one bar or
 * slice per label value) except in tables, which want one frame of rows.
 */
function withPrometheus<B extends PanelChrome<B>>(builder: B, queries: readonly PromQuery[], asTable = false): B {
  let b = builder.datasource(datasources.prometheus);
  const points = queries.flatMap((q) => (q.maxDataPoints ? [q.maxDataPoints] : []));
  if (points.length > 0) b = b.maxDataPoints(Math.min(...points));
  queries.forEach((q, i) => {
    const target = new prometheus.DataqueryBuilder().refId(refId(i)).datasource(datasources.prometheus).expr(q.expr);
    if (q.legendFormat) target.legendFormat(q.legendFormat);
    if (q.minStep) target.interval(q.minStep);
    if (q.instant) target.instant();
    else target.range();
    target.format(asTable ? prometheus.PromQueryFormat.Table : prometheus.PromQueryFormat.TimeSeries);
    b = b.withTarget(target);
  });
  return b;
}

function withLoki<B extends PanelChrome<B>>(builder: B, queries: readonly LokiQuery[]): B {
  let b = builder.datasource(datasources.loki);
  queries.forEach((q, i) => {
    const target = new loki.DataqueryBuilder().refId(refId(i)).datasource(datasources.loki).expr(q.expr);
    if (q.legendFormat) target.legendFormat(q.legendFormat);
    b = b.withTarget(q.instant ? target.instant(true) : target.range(true));
  });
  return b;
}

const lastValue = () => new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false);

/** One big number (with a sparkline when the query is a range query). */
export function statPanel(spec: PanelSpec, queries: readonly PromQuery[]): stat.PanelBuilder {
  return withPrometheus(chrome(new stat.PanelBuilder(), spec), queries)
    .reduceOptions(lastValue())
    .colorMode(common.BigValueColorMode.Value)
    .graphMode(queries.every((q) => q.instant) ? common.BigValueGraphMode.None : common.BigValueGraphMode.Area);
}

/** Lines over time. */
export function timeseriesPanel(spec: PanelSpec, queries: readonly PromQuery[]): timeseries.PanelBuilder {
  return withPrometheus(chrome(new timeseries.PanelBuilder(), spec), queries)
    .legend(
      new common.VizLegendOptionsBuilder()
        .displayMode(common.LegendDisplayMode.List)
        .placement(common.LegendPlacement.Bottom)
        .showLegend(true),
    )
    .tooltip(
      new common.VizTooltipOptionsBuilder().mode(common.TooltipDisplayMode.Multi).sort(common.SortOrder.Descending),
    );
}

/** Lines over time from Loki (counts of log records). */
export function lokiTimeseriesPanel(spec: PanelSpec, queries: readonly LokiQuery[]): timeseries.PanelBuilder {
  return withLoki(chrome(new timeseries.PanelBuilder(), spec), queries).drawStyle(common.GraphDrawStyle.Bars);
}

/** One bar per series, e.g. trust score per feature. */
export function barGaugePanel(spec: PanelSpec, queries: readonly PromQuery[]): bargauge.PanelBuilder {
  return withPrometheus(chrome(new bargauge.PanelBuilder(), spec), queries)
    .reduceOptions(lastValue())
    .orientation(common.VizOrientation.Horizontal)
    .displayMode(common.BarGaugeDisplayMode.Gradient)
    .showUnfilled(true);
}

/** Shares of a whole, e.g. conversation outcomes. */
export function pieChartPanel(spec: PanelSpec, queries: readonly PromQuery[]): piechart.PanelBuilder {
  return withPrometheus(chrome(new piechart.PanelBuilder(), spec), queries)
    .reduceOptions(lastValue())
    .pieType(piechart.PieChartType.Donut)
    .displayLabels([piechart.PieChartLabels.Percent])
    .legend(
      new piechart.PieChartLegendOptionsBuilder()
        .displayMode(common.LegendDisplayMode.Table)
        .placement(common.LegendPlacement.Right)
        .showLegend(true)
        .values([piechart.PieChartLegendValues.Value, piechart.PieChartLegendValues.Percent]),
    );
}

/** A table of instant Prometheus results. */
export function prometheusTablePanel(spec: PanelSpec, queries: readonly PromQuery[]): table.PanelBuilder {
  return withPrometheus(chrome(new table.PanelBuilder(), spec), queries, true);
}

/** A table of Loki log records. */
export function lokiTablePanel(spec: PanelSpec, queries: readonly LokiQuery[]): table.PanelBuilder {
  return withLoki(chrome(new table.PanelBuilder(), spec), queries);
}

/** A table of Tempo search results. */
export function tempoTablePanel(spec: PanelSpec, query: TempoQuery): table.PanelBuilder {
  const target = new tempo.DataqueryBuilder()
    .refId('A')
    .datasource(datasources.tempo)
    .queryType('traceql')
    .query(query.query)
    .tableType(tempo.SearchTableType.Traces);
  if (query.limit) target.limit(query.limit);
  return chrome(new table.PanelBuilder(), spec).datasource(datasources.tempo).withTarget(target);
}
