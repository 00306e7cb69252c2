/** What every page scene shares: time range, filter variables, controls and query runners per data source. */
import { clockVariableSpecs } from '@bilan/dashboards/src/queries/exact-count';
import { scalarVariableQuery } from '@bilan/dashboards/src/recording-rules';
import {
  ConstantVariable,
  CustomVariable,
  EmbeddedScene,
  QueryVariable,
  SceneControlsSpacer,
  type SceneObject,
  SceneQueryRunner,
  SceneRefreshPicker,
  SceneTimePicker,
  SceneTimeRange,
  type SceneVariable,
  SceneVariableSet,
  TextBoxVariable,
  VariableValueSelectors,
} from '@grafana/scenes';
import { VariableHide, VariableRefresh } from '@grafana/schema';
import { DEFAULT_TIME_RANGE, VAR } from '../constants';
import {
  buildLabelValuesQuery,
  LABEL_VARIABLE_SOURCES,
  type LabelFilters,
  type LabelVariable,
  OVER_ROLLUP,
} from '../services/promql';
import type { ResolvedDatasources } from '../utils/settings';

/** Filters as Grafana variables, rendered into queries by the data source. */
export const VARIABLE_FILTERS: LabelFilters = {
  serviceName: `$${VAR.service}`,
  environment: `$${VAR.environment}`,
  feature: `$${VAR.feature}`,
  model: `$${VAR.model}`,
  promptVersion: `$${VAR.promptVersion}`,
};

const LABEL_VARIABLES: Record<LabelVariable, { name: string; label: string }> = {
  service: { name: VAR.service, label: 'Service' },
  environment: { name: VAR.environment, label: 'Environment' },
  feature: { name: VAR.feature, label: 'Feature' },
  model: { name: VAR.model, label: 'Model' },
  promptVersion: { name: VAR.promptVersion, label: 'Prompt version' },
};

/** A multi-value "All by default" filter whose values come from the series' label in Prometheus. */
export function buildLabelVariable(kind: LabelVariable, ds: ResolvedDatasources): QueryVariable {
  const spec = LABEL_VARIABLES[kind];
  const source = LABEL_VARIABLE_SOURCES[kind];
  return new QueryVariable({
    name: spec.name,
    label: spec.label,
    datasource: { type: 'prometheus', uid: ds.prometheus },
    query: { refId: spec.name, query: buildLabelValuesQuery(source.series, source.label) },
    isMulti: true,
    includeAll: true,
    defaultToAll: true,
    allValue: '.*',
  });
}

/** A hidden variable read from Prometheus with each time range change, never from a shared link. */
function readVariable(ds: ResolvedDatasources, name: string, query: string): QueryVariable {
  return new QueryVariable({
    name,
    datasource: { type: 'prometheus', uid: ds.prometheus },
    query: { refId: name, query },
    refresh: VariableRefresh.onTimeRangeChanged,
    hide: VariableHide.hideVariable,
    skipUrlSync: true,
  });
}

/**
 * The roll-ups' clocks, which every exact count reads (the dashboards' `ROLLUP_CLOCK` and
 * `DAY_CLOCK`): windows and margins as constants, the phases and the daily lag read from the
 * roll-ups with the time range.
 */
export function buildClockVariables(ds: ResolvedDatasources): SceneVariable[] {
  return clockVariableSpecs().map((v) =>
    'seconds' in v
      ? new ConstantVariable({ name: v.name, value: String(v.seconds), hide: VariableHide.hideVariable })
      : readVariable(ds, v.name, scalarVariableQuery(v.scalar)),
  );
}

export function buildRatingVariable(): CustomVariable {
  return new CustomVariable({
    name: VAR.rating,
    label: 'Rating',
    query: 'positive,negative',
    isMulti: true,
    includeAll: true,
    defaultToAll: true,
    allValue: '.*',
  });
}

export function buildHasCommentVariable(): CustomVariable {
  return new CustomVariable({
    name: VAR.hasComment,
    label: 'Comment',
    query: 'any : any,with comment : yes',
    value: 'any',
  });
}

export function buildTextVariable(name: string, label: string): TextBoxVariable {
  return new TextBoxVariable({ name, label, value: '' });
}

export function buildPageScene(body: SceneObject, variables: SceneVariable[]): EmbeddedScene {
  return new EmbeddedScene({
    $timeRange: new SceneTimeRange({ ...DEFAULT_TIME_RANGE }),
    $variables: new SceneVariableSet({ variables }),
    controls: [
      new VariableValueSelectors({}),
      new SceneControlsSpacer(),
      new SceneTimePicker({}),
      new SceneRefreshPicker({}),
    ],
    body,
  });
}

interface PromQuery {
  refId: string;
  expr: string;
  legendFormat?: string;
  instant?: boolean;
  range?: boolean;
  format?: 'time_series' | 'table' | 'heatmap';
}

export function prometheusRunner(ds: ResolvedDatasources, queries: PromQuery[]): SceneQueryRunner {
  return new SceneQueryRunner({ datasource: { type: 'prometheus', uid: ds.prometheus }, queries });
}

/**
 * A range panel on the roll-ups: steps never below `minStep` (the roll-up window unless
 * longer), at most `OVER_ROLLUP.maxDataPoints`. The runner's `minInterval` is what Scenes
 * 9.2.2 computes `$__interval` and the request's interval from (SceneQueryRunner
 * `prepareRequests`: `rangeUtil.calculateInterval(range, maxDataPoints, minInterval)`);
 * Grafana's Prometheus data source then steps at that interval.
 */
export function rollupRangeRunner(
  ds: ResolvedDatasources,
  queries: PromQuery[],
  minStep: string = OVER_ROLLUP.minStep,
): SceneQueryRunner {
  return new SceneQueryRunner({
    datasource: { type: 'prometheus', uid: ds.prometheus },
    queries,
    minInterval: minStep,
    maxDataPoints: OVER_ROLLUP.maxDataPoints,
  });
}

/** An instant query over the picked range (`$__range` inside the expression does the aggregation). */
export function instant(refId: string, expr: string, legendFormat?: string): PromQuery {
  return { refId, expr, instant: true, range: false, legendFormat };
}

export function rangeQuery(refId: string, expr: string, legendFormat?: string): PromQuery {
  return { refId, expr, instant: false, range: true, legendFormat };
}

export function lokiRunner(
  ds: ResolvedDatasources,
  expr: string,
  maxLines = 5000,
  queryType = 'range',
): SceneQueryRunner {
  return new SceneQueryRunner({
    datasource: { type: 'loki', uid: ds.loki },
    queries: [{ refId: 'A', expr, queryType, maxLines }],
  });
}

export function tempoRunner(ds: ResolvedDatasources, query: string, metrics = false): SceneQueryRunner {
  const base = { refId: 'A', queryType: 'traceql', query, limit: 200 };
  return new SceneQueryRunner({
    datasource: { type: 'tempo', uid: ds.tempo },
    queries: [metrics ? { ...base, metricsQueryType: 'range' } : { ...base, tableType: 'traces' }],
  });
}
