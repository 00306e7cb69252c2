import { describe, expect, it } from 'vitest';
import { type DashboardConfig, dashboardConfig } from '../config';
import { ROLLUPS } from '../recording-rules';
import { substituteTemplate } from '../template';
import { allPattern, fromRollup, SWITCH_LABEL } from './rollup-choice';

const sum = (s: string) => `sum (sum_over_time(${s}[1h]))`;
const bare: DashboardConfig = { ...dashboardConfig, variables: [] as never };

/** Does Prometheus's fully anchored regex match the empty string an absent label reads as? */
function matchesAbsent(pattern: string, values: Record<string, string>): boolean {
  const text = substituteTemplate(pattern, { variables: values, range: '1h', interval: '1m' });
  return new RegExp(`^(?:${text})$`).test('');
}

const all = { environment: '.*', service: '.+', feature: '.*', model: '.*', prompt_version: '.*' };

describe('allPattern', () => {
  const pattern = allPattern(dashboardConfig, ['feature', 'model', 'prompt_version']);
  it('groups each variable', () => {
    expect(pattern).toBe('($feature)($model)($prompt_version)');
  });
  it('matches an absent label only when every variable is "All"', () => {
    expect(matchesAbsent(pattern, all)).toBe(true);
    expect(matchesAbsent(pattern, { ...all, model: 'gpt\\-4o' })).toBe(false);
    expect(matchesAbsent(pattern, { ...all, prompt_version: '(v1|v2)' })).toBe(false);
    // A value holding regex syntax arrives escaped from Grafana and still never matches "".
    expect(matchesAbsent(pattern, { ...all, feature: '\\.\\*' })).toBe(false);
  });
  it('refuses an "All" value that cannot match the absent label', () => {
    const config = {
      ...dashboardConfig,
      variables: dashboardConfig.variables.map((v) => (v.label === 'model' ? { ...v, allValue: '.+' } : v)),
    } as unknown as DashboardConfig;
    expect(() => allPattern(config, ['model'])).toThrow(/must match ""/);
  });
});

describe('fromRollup', () => {
  it('reads the full roll-up alone when the query groups by every summable label', () => {
    const expr = fromRollup(dashboardConfig, ROLLUPS.votes, sum, ['feature', 'model', 'prompt_version']);
    expect(expr).toBe(
      sum(
        `bilan:votes:rate1h{${[
          'environment=~"$environment"',
          'service_name=~"$service"',
          'feature=~"$feature"',
          'model=~"$model"',
          'prompt_version=~"$prompt_version"',
        ].join(', ')}}`,
      ),
    );
  });
  it('switches between the narrowest roll-up and the full one on the dropped filters', () => {
    const expr = fromRollup(dashboardConfig, ROLLUPS.votes, sum, ['model']);
    const [narrow, full] = expr.split('\nor\n');
    expect(narrow).toContain('bilan:votes_without_feature_prompt_version:rate1h{');
    expect(narrow).toContain(`${SWITCH_LABEL}=~"($feature)($prompt_version)"`);
    expect(narrow).not.toContain('feature=~"$feature"');
    expect(full).toContain('bilan:votes:rate1h{');
    expect(full).toContain(`${SWITCH_LABEL}!~"($feature)($prompt_version)"`);
    expect(full).toContain('feature=~"$feature"');
    expect(expr.startsWith('(') && expr.endsWith(')')).toBe(true);
  });
  it('keeps a label an extra matcher needs', () => {
    expect(fromRollup(bare, ROLLUPS.votes, sum, [], [{ label: 'feature', op: '=', value: 'search' }])).toBe(
      sum('bilan:votes_without_model_prompt_version:rate1h{feature="search"}'),
    );
  });
  it('needs no switch when no variable filters the dropped labels', () => {
    expect(fromRollup(bare, ROLLUPS.allVotes, sum)).toBe(
      sum('bilan:votes_without_rating_feature_model_prompt_version:rate1h'),
    );
  });
  describe('bad input', () => {
    it('refuses a width the family does not record', () => {
      expect(() => fromRollup(dashboardConfig, ROLLUPS.turns, sum, ['model'])).toThrow(
        /no narrow roll-up keeps exactly \[model\]/,
      );
    });
  });
});
