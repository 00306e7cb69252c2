import { describe, expect, it } from 'vitest';
import { syntaxProblems } from './grammar';

describe('syntaxProblems', () => {
  it('accepts valid LogQL with structured-metadata filters and a metric query', () => {
    expect(syntaxProblems('logql', '{service_name=~"a.+"} | event_name="x" | bilan_feature!=""')).toEqual([]);
    expect(syntaxProblems('logql', 'sum by (r) (count_over_time({a="b"} | r="x" [1m]))')).toEqual([]);
  });
  it('accepts valid TraceQL', () => {
    expect(syntaxProblems('traceql', '{ span.bilan.feature =~ "a" && status = error }')).toEqual([]);
  });
  describe('bad input', () => {
    it('reports an unclosed LogQL selector', () => {
      expect(syntaxProblems('logql', '{service_name=~"a" | x="y"').length).toBeGreaterThan(0);
    });
    it('reports a TraceQL condition missing its value', () => {
      expect(syntaxProblems('traceql', '{ span.a = && status = error }').length).toBeGreaterThan(0);
    });
    it('reports an unsubstituted Grafana variable in a range', () => {
      expect(syntaxProblems('logql', 'count_over_time({a="b"} [$__auto])').length).toBeGreaterThan(0);
    });
  });
});
