import { describe, expect, it } from 'vitest';
import { NARROW_SERIES, NARROWABLE_LABELS, rawSeriesWithout, SERIES } from './series';

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

describe('NARROW_SERIES', () => {
  it('names each narrowed counter without each non-empty subset of its narrowable labels, once', () => {
    expect(NARROW_SERIES.map((s) => s.name)).toContain('bilan_votes_without_feature_model_prompt_version_total');
    expect(new Set(NARROW_SERIES.map((s) => s.name)).size).toBe(NARROW_SERIES.length);
    for (const s of NARROW_SERIES) {
      expect(s.name).toMatch(PROMETHEUS_NAME);
      expect(s.without.length).toBeGreaterThan(0);
      expect(s.without.every((l) => NARROWABLE_LABELS.includes(l) && s.source.labels.includes(l))).toBe(true);
      expect(s.labels).toEqual(s.source.labels.filter((l) => !s.without.includes(l)));
    }
    // votes: 2³ − 1 widths; a source with two narrowable labels: 3; with one: 1.
    expect(NARROW_SERIES.filter((s) => s.source === SERIES.votes)).toHaveLength(7);
    expect(NARROW_SERIES.filter((s) => s.source === SERIES.turns)).toHaveLength(3);
    expect(NARROW_SERIES.filter((s) => s.source === SERIES.conversationsEnded)).toHaveLength(1);
  });

  describe('rawSeriesWithout', () => {
    it('is the source itself when nothing is dropped, else its narrow series whatever the order', () => {
      expect(rawSeriesWithout(SERIES.votes, [])).toBe(SERIES.votes);
      expect(rawSeriesWithout(SERIES.votes, ['prompt_version', 'model']).name).toBe(
        'bilan_votes_without_model_prompt_version_total',
      );
    });

    it('says which series is missing', () => {
      expect(() => rawSeriesWithout(SERIES.turnDuration, ['feature'])).toThrow(
        'the Collector writes no bilan_turn_duration_seconds without [feature]',
      );
    });
  });
});
