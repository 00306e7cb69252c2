import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { dashboardRuleGroups, ROLLUP_WINDOW_SECONDS, renderRuleFile, VOTES_ROLLUP } from './recording-rules';

describe('dashboardRuleGroups', () => {
  it('records the vote rate over the window, keeping every vote label, evaluated once per window', () => {
    const [group] = dashboardRuleGroups();
    expect(group?.interval).toBe('1h');
    expect(group?.rules).toEqual([
      {
        record: 'bilan:votes:rate1h',
        expr: 'sum by (service_name, environment, feature, model, prompt_version, rating) (rate(bilan_votes_total[1h]))',
      },
    ]);
    expect(ROLLUP_WINDOW_SECONDS).toBe(3600);
    expect(VOTES_ROLLUP.name).toBe('bilan:votes:rate1h');
  });
  it('can be evaluated more often for tests without changing the rule', () => {
    const [fast] = dashboardRuleGroups('2s');
    expect(fast?.interval).toBe('2s');
    expect(fast?.rules).toEqual(dashboardRuleGroups()[0]?.rules);
  });
});

describe('renderRuleFile', () => {
  it('renders a Prometheus rule file', () => {
    expect(parse(renderRuleFile(dashboardRuleGroups())).groups[0].rules[0].record).toBe('bilan:votes:rate1h');
  });
});
