import { describe, expect, it } from 'vitest';
import { allValues, variableQueryToPromql } from './check-values';

describe('allValues', () => {
  it('uses allValue for query variables and the default text for text boxes', () => {
    expect(
      allValues({
        templating: {
          list: [
            { name: 'feature', type: 'query', allValue: '.+' },
            { name: 'conversation', type: 'textbox', query: '.*' },
          ],
        },
      }),
    ).toEqual({ feature: '.+', conversation: '.*' });
  });
});

describe('variableQueryToPromql', () => {
  const q = { dashboard: 'd', where: 'variable x', language: 'promql' as const, instant: true };
  it('turns label_values into a count by the label', () => {
    expect(variableQueryToPromql({ ...q, variable: true, text: 'label_values(x{a=~"b"}, feature)' })).toBe(
      'count by (feature) (x{a=~"b"})',
    );
  });
  it('leaves panel queries alone', () => {
    expect(variableQueryToPromql({ ...q, variable: false, text: 'up' })).toBe('up');
  });
  it('fails on another variable function', () => {
    expect(() => variableQueryToPromql({ ...q, variable: true, text: 'query_result(up)' })).toThrow(/label_values/);
  });
});
