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
 * label as "", and `$model` matches "" exactly when it holds its "All" value `.*`. A chosen
 * value never matches "" (label values are never empty; Grafana sends one escaped value or
 * `(a|b)`). So `unfiltered=~"$model"` holds when the model is "All", `unfiltered!~"$model"`
 * when one is chosen.
 */
export const SWITCH_LABEL = 'unfiltered';

/** `$<variable>` filtering `label`, whose "All" value must match "" for the switch. */
export function switchValue(config: DashboardConfig, label: string): string {
  const variable = config.variables.find((v) => v.label === label);
  if (!variable) throw new Error(`no variable filters ${label}`);
  if (!new RegExp(`^(?:${variable.allValue})$`).test('')) {
    throw new Error(`the "All" value of $${variable.name} must match "" for the roll-up switch`);
  }
  return `$${variable.name}`;
}

/**
 * The switch matchers that hold exactly when the `chosen` labels are filtered and the
 * `unchosen` are "All": one per label, each the bare variable. With "All" at `.*` they are
 * the patterns Prometheus decides without a regex: `PostingsForMatchers` skips `=~".*"` and
 * answers `!~".*"` with no series at once (`tsdb/querier.go`, v0.316.0). A grouped pattern
 * such as `!~"(.*)"` is compiled again in every block instead (`Matcher.Inverse`): one matcher
 * per label measured 8–13 % less of Prometheus's time on the bench's switched queries.
 */
export function switchMatchers(
  config: DashboardConfig,
  chosen: readonly string[],
  unchosen: readonly string[],
): LabelMatcher[] {
  const matcher = (op: '=~' | '!~') => (label: string) => ({
    label: SWITCH_LABEL,
    op,
    value: switchValue(config, label),
  });
  return [...unchosen.map(matcher('=~')), ...chosen.map(matcher('!~'))];
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
