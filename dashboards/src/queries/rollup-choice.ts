import type { DashboardConfig } from '../config';
import type { RollupFamily } from '../recording-rules';
import { type LabelMatcher, selectSeries } from './selector';

/**
 * Picks the narrowest roll-up a panel can read, inside the query itself. Grafana cannot
 * branch on a variable, so the query holds two selectors and an `or`: the narrow roll-up
 * (the summable filters it lacks are all "All") and the full one (some of them are set).
 *
 * The switch is a matcher on `unfiltered`, a label no series carries: Prometheus reads an
 * absent label as "", and the pattern `($feature)($model)` matches "" exactly when every
 * part does — when each variable holds its "All" value `.*`. A chosen value never matches
 * "" (label values are never empty; Grafana sends one escaped value or `(a|b)`). So
 * exactly one selector selects series, and the other costs an index lookup.
 */
export const SWITCH_LABEL = 'unfiltered';

/** `(<variable>)…` for each label: a pattern that matches "" exactly when all are "All". */
export function allPattern(config: DashboardConfig, labels: readonly string[]): string {
  return labels
    .map((label) => {
      const variable = config.variables.find((v) => v.label === label);
      if (!variable) throw new Error(`no variable filters ${label}`);
      if (!new RegExp(`^(?:${variable.allValue})$`).test('')) {
        throw new Error(`the "All" value of $${variable.name} must match "" for the roll-up switch`);
      }
      return `($${variable.name})`;
    })
    .join('');
}

/**
 * `render(selector)` over the narrowest roll-up of `family` that keeps the labels the query
 * groups or matches by: alone when that is the full roll-up, else `(narrow or full)`.
 */
export function fromRollup(
  config: DashboardConfig,
  family: RollupFamily,
  render: (selector: string) => string,
  groupBy: readonly string[] = [],
  extra: readonly LabelMatcher[] = [],
): string {
  const needed = family.summable.filter((l) => groupBy.includes(l) || extra.some((m) => m.label === l));
  const select = (series: RollupFamily['full']['series'], switchOp?: '=~' | '!~', pattern = '') =>
    selectSeries(
      series,
      config.variables,
      switchOp ? [...extra, { label: SWITCH_LABEL, op: switchOp, value: pattern }] : extra,
      '',
      switchOp ? [SWITCH_LABEL] : [],
    );
  const narrow = family.narrow.find(
    (n) => n.keeps.length === needed.length && needed.every((l) => n.keeps.includes(l)),
  );
  const dropped = family.summable.filter((l) => !needed.includes(l));
  if (dropped.length === 0) return render(select(family.full.series));
  if (!narrow) throw new Error(`${family.full.series.name}: no narrow roll-up keeps exactly [${needed.join(', ')}]`);
  // Labels no variable filters are always "All": the narrow roll-up alone is right.
  const filtered = dropped.filter((l) => config.variables.some((v) => v.label === l));
  if (filtered.length === 0) return render(select(narrow.series));
  const pattern = allPattern(config, filtered);
  return `(\n  ${render(select(narrow.series, '=~', pattern))}\nor\n  ${render(select(family.full.series, '!~', pattern))}\n)`;
}
