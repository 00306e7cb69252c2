import { describe, expect, it } from 'vitest';
import { SERIES } from './series';

const PROMETHEUS_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

describe('SERIES', () => {
  const all = Object.values(SERIES);

  it('has unique, valid Prometheus names with the suffix their type implies', () => {
    expect(new Set(all.map((s) => s.name)).size).toBe(all.length);
    for (const s of all) {
      expect(s.name).toMatch(PROMETHEUS_NAME);
      expect(s.name.startsWith('bilan_')).toBe(true);
      if (s.type === 'counter') expect(s.name.endsWith('_total')).toBe(true);
      if (s.type === 'histogram') expect(s.name.endsWith('_seconds')).toBe(true);
    }
  });

  it('never uses an unbounded id as a label', () => {
    for (const s of all) {
      for (const label of s.labels) {
        expect(label).toMatch(PROMETHEUS_NAME);
        expect(label).not.toMatch(/(^|_)(id|user|conversation|turn|trace)($|_)/);
      }
    }
  });

  it('puts service_name and environment on every series', () => {
    for (const s of all) expect(s.labels.slice(0, 2)).toEqual(['service_name', 'environment']);
  });
});
