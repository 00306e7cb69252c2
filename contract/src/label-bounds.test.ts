import { describe, expect, it } from 'vitest';
import { LABEL_BOUNDS, LABEL_VALUE_CHARACTERS } from './label-bounds';
import { LABEL, SERIES } from './series';

describe('LABEL_BOUNDS', () => {
  it('bounds each label once, every one a label of some series', () => {
    const labels = LABEL_BOUNDS.map((b) => b.label);
    expect(new Set(labels).size).toBe(labels.length);
    const used = new Set(Object.values(SERIES).flatMap((s) => s.labels));
    for (const label of labels) expect(used.has(label), label).toBe(true);
  });

  it('marks as turn labels exactly the bounded labels of the turn series', () => {
    const turnLabels = new Set(SERIES.turns.labels);
    for (const bound of LABEL_BOUNDS) expect(bound.onTurns, bound.label).toBe(turnLabels.has(bound.label));
  });

  it('leaves the labels with a fixed set of values to their own rules', () => {
    const bounded = new Set(LABEL_BOUNDS.map((b) => b.label));
    for (const fixed of [LABEL.rating, LABEL.outcome, LABEL.reason, LABEL.tokenType])
      expect(bounded.has(fixed)).toBe(false);
  });

  it('names allowlist variables and keeps values short enough for a label', () => {
    for (const bound of LABEL_BOUNDS) {
      expect(bound.allowlistVariable).toMatch(/^BILAN_[A-Z_]+_ALLOWLIST$/);
      expect(bound.maxLength).toBeGreaterThan(0);
      expect(bound.maxLength).toBeLessThanOrEqual(64);
    }
  });

  it('allows no character that would need escaping in PromQL or LogQL', () => {
    expect(new RegExp(`^[${LABEL_VALUE_CHARACTERS}]+$`).test('gpt-4o:2024/v1@eu_west.a')).toBe(true);
    for (const bad of ['"', '\\', '{', '}', ' ', '=', '~', ',']) {
      expect(new RegExp(`^[${LABEL_VALUE_CHARACTERS}]+$`).test(bad), bad).toBe(false);
    }
  });
});
