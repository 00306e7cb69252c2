import { SERIES, type SeriesSpec } from '@bilan/contract';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import type { DashboardConfig, VariableSpec } from './config';
import { datasources } from './panels';
import { clockVariableSpecs } from './queries/exact-count';
import { selectSeries } from './queries/selector';
import { scalarVariableQuery } from './recording-rules';

/** The series a variable's values come from: turns when they carry the label, else the first that does. */
export function sourceSeries(variable: VariableSpec): SeriesSpec {
  const candidates = [SERIES.turns, ...Object.values(SERIES)];
  const found = candidates.find((s) => s.labels.includes(variable.label));
  if (!found) throw new Error(`no series carries label ${variable.label}`);
  return found;
}

/** `label_values(series{earlier variables}, label)`: each variable narrowed by those before it. */
export function variableQuery(config: DashboardConfig, index: number): string {
  const variable = config.variables[index];
  if (!variable) throw new Error(`no variable at ${index}`);
  return `label_values(${selectSeries(sourceSeries(variable), config.variables.slice(0, index))}, ${variable.label})`;
}

/** The five filter variables of every Bilan dashboard; `loki` for one whose queries select Loki streams by them. */
export function filterVariables(config: DashboardConfig, loki = false): dashboard.QueryVariableBuilder[] {
  return config.variables.map((v, i) => {
    const query = variableQuery(config, i);
    return new dashboard.QueryVariableBuilder(v.name)
      .label(v.title)
      .description(`Filters every panel by the ${v.label} label.`)
      .datasource(datasources.prometheus)
      .query(query)
      .definition(query)
      .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
      .sort(dashboard.VariableSort.AlphabeticalAsc)
      .multi(true)
      .includeAll(true)
      .allValue(loki && 'lokiAllValue' in v ? v.lokiAllValue : v.allValue)
      .current({ text: 'All', value: '$__all', selected: true });
  });
}

/** A hidden variable read from Prometheus with every time range change, never from a shared link. */
function readVariable(name: string, query: string, description: string): dashboard.QueryVariableBuilder {
  return (
    new dashboard.QueryVariableBuilder(name)
      .description(description)
      .datasource(datasources.prometheus)
      .query(query)
      .definition(query)
      .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
      // Only what Prometheus answers: a phase carried in a shared link must not stand in for it.
      .allowCustomValue(false)
      .hide(dashboard.VariableHide.HideVariable)
  );
}

/**
 * The roll-ups' clocks as hidden variables (`ROLLUP_CLOCK`, `DAY_CLOCK`): windows and margins
 * as constants from the rule groups, the phases (and the daily lag) read from the series the
 * groups record, refreshed with the time range.
 */
export function clockVariables(): Array<dashboard.ConstantVariableBuilder | dashboard.QueryVariableBuilder> {
  return clockVariableSpecs().map((v) =>
    'seconds' in v
      ? new dashboard.ConstantVariableBuilder(v.name).description(v.description).value(String(v.seconds))
      : readVariable(v.name, scalarVariableQuery(v.scalar), v.description),
  );
}
