import { SERIES, type SeriesSpec } from '@bilan/contract';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import type { DashboardConfig, VariableSpec } from './config';
import { datasources } from './panels';
import { CLOCK_VARIABLES } from './queries/exact-count';
import { selectSeries } from './queries/selector';
import { PHASE_VARIABLE_QUERY, rollupClockSeconds } from './recording-rules';

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

/**
 * The roll-ups' clock as hidden variables (`ROLLUP_CLOCK`): window and margin as constants
 * from the rule group, the phase read from the series the group records, refreshed with
 * the time range.
 */
export function clockVariables(): Array<dashboard.ConstantVariableBuilder | dashboard.QueryVariableBuilder> {
  const clock = rollupClockSeconds();
  const constant = (name: string, seconds: number, description: string) =>
    new dashboard.ConstantVariableBuilder(name).description(description).value(String(seconds));
  return [
    constant(CLOCK_VARIABLES.window, clock.window, 'Seconds each roll-up sample counts.'),
    constant(CLOCK_VARIABLES.margin, clock.margin, 'Seconds before the end of a range counted from raw samples.'),
    new dashboard.QueryVariableBuilder(CLOCK_VARIABLES.phase)
      .description('Where the roll-up windows start within the window, in seconds: read from the roll-ups.')
      .datasource(datasources.prometheus)
      .query(PHASE_VARIABLE_QUERY)
      .definition(PHASE_VARIABLE_QUERY)
      .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
      // Only what Prometheus answers: a phase carried in a shared link must not stand in for it.
      .allowCustomValue(false)
      .hide(dashboard.VariableHide.HideVariable),
  ];
}
