import type { SeriesSpec } from '@bilan/contract';
import type { DashboardConfig } from '../config';
import { type NarrowRollup, type RollupFamily, subsets } from '../recording-rules';
import { type LabelMatcher, selectSeries } from './selector';

/**
 * Picks, inside the query itself, the narrowest roll-up that keeps the labels a panel
 * groups by and the filters the user chose. Grafana cannot branch on a variable, so the
 * query joins one selector per combination of chosen filters with `or`, and a switch
 * makes all but one select nothing.
 *
 * The switch matches `unfiltered`, a label no series carries: Prometheus reads an absent
 * label as "", and `($model)` matches "" exactly when `$model` holds its "All" value `.*`.
 * A chosen value never matches "" (label values are never empty; Grafana sends one
 * escaped value or `(a|b)`). So `unfiltered=~"($feature)($model)"` holds when both are
 * "All", `unfiltered!~"($model)"` when a model is chosen, `unfiltered!~"($feature)|($model)"`
 * when both are. The selectors that select
 * nothing cost an index lookup each.
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
 * The switch matchers that hold exactly when the `chosen` labels are filtered and the
 * `unchosen` are "All": at most two, `=~` for the unchosen together and one `!~` whose
 * alternation matches "" when any chosen one is "All" (Prometheus compiles each regex
 * matcher of a query as it parses it, so fewer matchers parse faster).
 */
export function switchMatchers(
  config: DashboardConfig,
  chosen: readonly string[],
  unchosen: readonly string[],
): LabelMatcher[] {
  const all: LabelMatcher[] =
    unchosen.length === 0 ? [] : [{ label: SWITCH_LABEL, op: '=~', value: allPattern(config, unchosen) }];
  const notAll: LabelMatcher[] =
    chosen.length === 0
      ? []
      : [{ label: SWITCH_LABEL, op: '!~', value: chosen.map((l) => allPattern(config, [l])).join('|') }];
  return [...all, ...notAll];
}

/**
 * `render(selector)` over the roll-up of `family` that keeps exactly the labels the query
 * groups or matches by plus the chosen filters: one term when no filter can change that,
 * else `(term or term …)`, one term per combination of chosen filters. `seriesOf` reads
 * another series of the same width instead of the roll-up (the raw twin: `exactCount`).
 */
export function fromRollup(
  config: DashboardConfig,
  family: RollupFamily,
  render: (selector: string) => string,
  groupBy: readonly string[] = [],
  extra: readonly LabelMatcher[] = [],
  seriesOf: (width: NarrowRollup) => SeriesSpec = (width) => width.series,
): string {
  const needed = family.summable.filter((l) => groupBy.includes(l) || extra.some((m) => m.label === l));
  // Labels the query may sum away, and a variable may filter.
  const free = family.summable.filter((l) => !needed.includes(l) && config.variables.some((v) => v.label === l));
  const widths = [...family.narrow, { ...family.full, keeps: family.summable }];
  const terms = subsets(free).map((chosen) => {
    const keeps = family.summable.filter((l) => needed.includes(l) || chosen.includes(l));
    const width = widths.find((w) => w.keeps.length === keeps.length && keeps.every((l) => w.keeps.includes(l)));
    if (!width) throw new Error(`${family.full.series.name}: no roll-up keeps exactly [${keeps.join(', ')}]`);
    const unchosen = free.filter((l) => !chosen.includes(l));
    const matchers = [...extra, ...switchMatchers(config, chosen, unchosen)];
    return render(selectSeries(seriesOf(width), config.variables, matchers, '', [SWITCH_LABEL]));
  });
  return terms.length === 1 ? (terms[0] as string) : `(\n  ${terms.join('\nor\n  ')}\n)`;
}
