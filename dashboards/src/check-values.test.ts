import { describe, expect, it } from 'vitest';
import { allValues, checkValues, parseLabelValues, variableQueryToPromql } from './check-values';

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

describe('checkValues', () => {
  it('lets a check choose some variables and leaves the rest "All"', () => {
    const dashboard = {
      templating: {
        list: [
          { name: 'feature', type: 'query' },
          { name: 'model', type: 'query' },
        ],
      },
    };
    expect(checkValues(dashboard, '1d', '1h', { model: 'm1' })).toEqual({
      variables: { feature: '.*', model: 'm1' },
      range: '1d',
      interval: '1h',
    });
  });
});

describe('parseLabelValues', () => {
  const q = { dashboard: 'd', where: 'variable x', language: 'promql' as const, instant: true, variable: true };
  it('splits label_values into the selector and the label', () => {
    expect(parseLabelValues({ ...q, text: 'label_values(x{a=~"b, c"}, model)' })).toEqual({
      selector: 'x{a=~"b, c"}',
      label: 'model',
    });
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
  it('runs the PromQL of a query_result() variable as it is', () => {
    expect(variableQueryToPromql({ ...q, variable: true, text: 'query_result(scalar(up))' })).toBe('scalar(up)');
  });
  it('fails on another variable function', () => {
    expect(() => variableQueryToPromql({ ...q, variable: true, text: 'metrics(up)' })).toThrow(/label_values/);
  });
});
