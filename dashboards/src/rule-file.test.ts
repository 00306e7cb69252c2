import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { dashboardRuleGroups } from './recording-rules';
import { renderRuleFile } from './rule-file';

describe('renderRuleFile', () => {
  it('renders a Prometheus rule file', () => {
    expect(parse(renderRuleFile(dashboardRuleGroups())).groups[0].rules[0].record).toBe('bilan:votes:count1h');
  });
});
