import { describe, expect, it } from 'vitest';
import { type AlertRule, grafanaQueryExpr, humanizer, prometheusExpr, runbookAnchor } from './rule';

const base: AlertRule = {
  alert: 'BilanExample',
  value: 'sum by (a) (rate(x[5m]))',
  op: '>',
  threshold: 0.5,
  for: '5m',
  severity: 'warning',
  summary: 'Example',
  description: (v) => `Value is ${v}.`,
  valueFormat: 'number',
  dashboard: 'bilan-trust-overview',
};

describe('prometheusExpr', () => {
  it('compares the value with the threshold', () => {
    expect(prometheusExpr(base)).toBe('sum by (a) (rate(x[5m])) > 0.5');
  });
  it('appends the guard after the comparison', () => {
    expect(prometheusExpr({ ...base, guard: 'and on (a) y >= 3' })).toBe(
      'sum by (a) (rate(x[5m])) > 0.5 and on (a) y >= 3',
    );
  });
  it('parenthesizes a value whose top level has a set operator', () => {
    expect(prometheusExpr({ ...base, value: 'a or b' })).toBe('(a or b) > 0.5');
    expect(prometheusExpr({ ...base, value: 'sum(a or b)' })).toBe('sum(a or b) > 0.5');
  });
});

describe('grafanaQueryExpr', () => {
  it('is the value filtered by the guard, without the comparison', () => {
    expect(grafanaQueryExpr({ ...base, guard: 'and on (a) y >= 3' })).toBe(
      'sum by (a) (rate(x[5m])) and on (a) y >= 3',
    );
    expect(grafanaQueryExpr(base)).toBe('sum by (a) (rate(x[5m]))');
  });
});

describe('humanizer and runbookAnchor', () => {
  it('map formats and names', () => {
    expect(humanizer('percentage')).toBe('humanizePercentage');
    expect(humanizer('seconds')).toBe('humanizeDuration');
    expect(runbookAnchor(base)).toBe('bilanexample');
  });
});
