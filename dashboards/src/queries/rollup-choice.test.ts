import { describe, expect, it } from 'vitest';
import { type DashboardConfig, dashboardConfig } from '../config';
import { ROLLUPS } from '../recording-rules';
import { substituteTemplate } from '../template';
import { fromRollup, SWITCH_LABEL, switchMatchers, switchValue } from './rollup-choice';

const sum = (s: string) => `sum (sum_over_time(${s}[1h]))`;
const bare: DashboardConfig = { ...dashboardConfig, variables: [] as never };

/** Does Prometheus's fully anchored regex match the empty string an absent label reads as? */
function matchesAbsent(pattern: string, values: Record<string, string>): boolean {
  const text = substituteTemplate(pattern, { variables: values, range: '1h', interval: '1m' });
  return new RegExp(`^(?:${text})$`).test('');
}

const all = { environment: '.*', service: '.+', feature: '.*', model: '.*', prompt_version: '.*' };

describe('switchValue', () => {
  it('is the bare variable', () => {
    expect(switchValue(dashboardConfig, 'prompt_version')).toBe('$prompt_version');
  });
  it('matches an absent label only when the variable is "All"', () => {
    const pattern = switchValue(dashboardConfig, 'model');
    expect(matchesAbsent(pattern, all)).toBe(true);
    expect(matchesAbsent(pattern, { ...all, model: 'gpt\\-4o' })).toBe(false);
    expect(matchesAbsent(pattern, { ...all, model: '(gpt\\-4o|claude)' })).toBe(false);
    // A value holding regex syntax arrives escaped from Grafana and still never matches "".
    expect(matchesAbsent(pattern, { ...all, model: '\\.\\*' })).toBe(false);
  });
  it('is "All" as `.*` exactly, the pattern Prometheus decides without a regex', () => {
    for (const label of ['feature', 'model', 'prompt_version']) {
      const variable = dashboardConfig.variables.find((v) => v.label === label);
      expect(variable?.allValue).toBe('.*');
    }
  });
  it('refuses an "All" value that cannot match the absent label', () => {
    const config = {
      ...dashboardConfig,
      variables: dashboardConfig.variables.map((v) => (v.label === 'model' ? { ...v, allValue: '.+' } : v)),
    } as unknown as DashboardConfig;
    expect(() => switchValue(config, 'model')).toThrow(/must match ""/);
  });
});

describe('switchMatchers', () => {
  it('holds "All" for each unchosen label and "not All" for each chosen one, one matcher each', () => {
    expect(switchMatchers(dashboardConfig, ['model'], ['feature', 'prompt_version'])).toEqual([
      { label: SWITCH_LABEL, op: '=~', value: '$feature' },
      { label: SWITCH_LABEL, op: '=~', value: '$prompt_version' },
      { label: SWITCH_LABEL, op: '!~', value: '$model' },
    ]);
    expect(switchMatchers(dashboardConfig, ['feature', 'model'], [])).toEqual([
      { label: SWITCH_LABEL, op: '!~', value: '$feature' },
      { label: SWITCH_LABEL, op: '!~', value: '$model' },
    ]);
  });
});

/** The terms of a switched query whose matchers hold for the given variable values. */
function selectingTerms(expr: string, values: Record<string, string>): string[] {
  return expr
    .split('\nor\n')
    .filter((term) =>
      [...term.matchAll(new RegExp(`${SWITCH_LABEL}(=~|!~)"([^"]*)"`, 'g'))].every(
        ([, op, pattern]) => matchesAbsent(pattern as string, values) === (op === '=~'),
      ),
    );
}

describe('fromRollup', () => {
  it('reads the full roll-up alone when the query groups by every summable label', () => {
    const expr = fromRollup(dashboardConfig, ROLLUPS.votes, sum, ['feature', 'model', 'prompt_version']);
    expect(expr).toBe(
      sum(
        `bilan:votes:count1h{${[
          'environment=~"$environment"',
          'service_name=~"$service"',
          'feature=~"$feature"',
          'model=~"$model"',
          'prompt_version=~"$prompt_version"',
        ].join(', ')}}`,
      ),
    );
  });
  it('has one term per combination of chosen filters, each on the roll-up keeping exactly those', () => {
    const expr = fromRollup(dashboardConfig, ROLLUPS.votes, sum, ['model']);
    expect(expr.startsWith('(') && expr.endsWith(')')).toBe(true);
    const terms = expr.split('\nor\n');
    expect(terms).toHaveLength(4);
    expect(terms.map((t) => /bilan:[\w:]+/.exec(t)?.[0])).toEqual([
      'bilan:votes_without_feature_prompt_version:count1h',
      'bilan:votes_without_prompt_version:count1h',
      'bilan:votes_without_feature:count1h',
      'bilan:votes:count1h',
    ]);
  });
  it.each([
    [{}, 'bilan:votes_without_feature_prompt_version:count1h'],
    [{ feature: 'search' }, 'bilan:votes_without_prompt_version:count1h'],
    [{ prompt_version: '(v1|v2)' }, 'bilan:votes_without_feature:count1h'],
    [{ feature: 'search', prompt_version: 'v2' }, 'bilan:votes:count1h'],
  ])('with %j chosen exactly one term selects series: %s', (chosen, rollup) => {
    const expr = fromRollup(dashboardConfig, ROLLUPS.votes, sum, ['model']);
    const selecting = selectingTerms(expr, { ...all, ...chosen });
    expect(selecting).toHaveLength(1);
    expect(selecting[0]).toContain(`${rollup}{`);
  });
  it('keeps a label an extra matcher needs', () => {
    expect(fromRollup(bare, ROLLUPS.votes, sum, [], [{ label: 'feature', op: '=', value: 'search' }])).toBe(
      sum('bilan:votes_without_model_prompt_version:count1h{feature="search"}'),
    );
  });
  it('needs no switch when no variable filters the summed-away labels', () => {
    expect(fromRollup(bare, ROLLUPS.allVotes, sum)).toBe(
      sum('bilan:votes_without_rating_feature_model_prompt_version:count1h'),
    );
  });
  describe('bad input', () => {
    it('refuses a family that lacks a width it needs', () => {
      const partial = { ...ROLLUPS.turns, narrow: ROLLUPS.turns.narrow.filter((n) => n.keeps.length === 0) };
      expect(() => fromRollup(dashboardConfig, partial, sum, ['model'])).toThrow(/no roll-up keeps exactly \[model\]/);
    });
  });
});
