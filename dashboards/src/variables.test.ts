import { describe, expect, it } from 'vitest';
import { dashboardConfig, type VariableSpec } from './config';
import { filterVariables, sourceSeries, variableQuery } from './variables';

describe('variableQuery', () => {
  it('narrows each variable by the ones before it', () => {
    expect(variableQuery(dashboardConfig, 0)).toBe('label_values(bilan_turns_total, environment)');
    expect(variableQuery(dashboardConfig, 2)).toBe(
      'label_values(bilan_turns_total{environment=~"$environment", service_name=~"$service"}, feature)',
    );
  });
  it('takes prompt versions from the votes, the only series that has them', () => {
    expect(
      sourceSeries({ name: 'prompt_version', label: 'prompt_version', title: 'Prompt version', allValue: '.*' }).name,
    ).toBe('bilan_votes_total');
    expect(variableQuery(dashboardConfig, 4)).toMatch(
      /^label_values\(bilan_votes_total\{.*model=~"\$model"\}, prompt_version\)$/,
    );
  });
  describe('bad input', () => {
    it('fails on a label no series carries', () => {
      // A spec that bypasses the types, as a hand-edited config would.
      const unknownLabel = { name: 'x', label: 'nope', title: 'X', allValue: '.*' } as unknown as VariableSpec;
      expect(() => sourceSeries(unknownLabel)).toThrow(/no series carries/);
    });
    it('fails on a missing index', () => {
      expect(() => variableQuery(dashboardConfig, 9)).toThrow(/no variable at 9/);
    });
  });
});

describe('filterVariables', () => {
  it('makes multi-value variables with All sending the configured regex', () => {
    const built = filterVariables(dashboardConfig).map((b) => b.build());
    expect(built.map((v) => [v.name, v.multi, v.includeAll, v.allValue])).toEqual([
      ['environment', true, true, '.*'],
      ['service', true, true, '.*'],
      ['feature', true, true, '.*'],
      ['model', true, true, '.*'],
      ['prompt_version', true, true, '.*'],
    ]);
  });

  it('sends a non-empty regex for the service on a dashboard that selects Loki streams by it', () => {
    const built = filterVariables(dashboardConfig, true).map((b) => b.build());
    expect(built.map((v) => [v.name, v.allValue])).toEqual([
      ['environment', '.*'],
      ['service', '.+'],
      ['feature', '.*'],
      ['model', '.*'],
      ['prompt_version', '.*'],
    ]);
  });
});
