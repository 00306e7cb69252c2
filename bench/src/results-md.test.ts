import { describe, expect, it } from 'vitest';
import type { Figure } from './figures';
import { change, readFigures, renderResults } from './results-md';

const INFO = { date: '2026-12-03 20:01', cores: 2, commit: 'abc1234', failures: [] };
const before: Figure[] = [
  { bench: 'sdk', measure: 'vote', value: '2.0 µs', target: '≤ 1.5×', ratio: 1.2 },
  { bench: 'plugin', measure: 'module.js', value: '0.66 KB', target: '≤ 100 KB' },
];
const now: Figure[] = [
  { bench: 'sdk', measure: 'vote', value: '2.6 µs', target: '≤ 1.5×', ratio: 1.5 },
  { bench: 'plugin', measure: 'module.js', value: '0.66 KB', target: '≤ 100 KB' },
  { bench: 'ingest', measure: 'hold-100: p99', value: '12 ms', target: '< 50 ms', ratio: 2 },
];

describe('change', () => {
  it('compares ratios when both runs have one, else the values', () => {
    expect(change(now[0] as Figure, before[0])).toBe('1.25× (ratios)');
    expect(change({ ...(before[1] as Figure), value: '1.32 KB' }, before[1])).toBe('2.00× (values)');
    expect(change(now[2] as Figure, undefined)).toBe('new');
    const verdict: Figure = { bench: 'ingest', measure: 'thresholds', value: 'met', target: 'all met' };
    expect(change(verdict, { ...verdict, value: 'not met' })).toBe('changed');
    expect(change(verdict, verdict)).toBe('same');
  });
});

describe('renderResults', () => {
  const markdown = renderResults(now, before, INFO);

  it('names a partial run and carries the figures of the benchmarks it left out', () => {
    const partial = renderResults([now[0] as Figure], before, { ...INFO, only: ['sdk'] });
    expect(partial).toContain('cores, only sdk (`--only`)');
    expect(partial).not.toContain('| plugin |');
    expect(readFigures(partial)).toEqual([now[0], before[1]]);
    expect(markdown).toContain('cores, every benchmark');
  });

  it('puts each figure beside its target, its in-run ratio and the last committed figure', () => {
    expect(markdown).toContain('| sdk | vote | 2.6 µs | ≤ 1.5× | 1.50× | 2.0 µs (1.20×) | 1.25× (ratios) |');
    expect(markdown).toContain('| plugin | module.js | 0.66 KB | ≤ 100 KB |  | 0.66 KB | 1.00× (values) |');
    expect(markdown).toContain('| ingest | hold-100: p99 | 12 ms | < 50 ms | 2.00× |  | new |');
  });

  it('carries its figures for the next run to read back', () => {
    expect(readFigures(markdown)).toEqual(now);
  });

  it('lists the benchmarks that did not finish', () => {
    const failed = renderResults([], [], { ...INFO, failures: ['ingest: exit 1, see /tmp/x.log'] });
    expect(failed).toContain('## Did not finish\n\n- ingest: exit 1, see /tmp/x.log');
  });

  describe('a figure text with a pipe or two dashes', () => {
    it('stays one cell and survives the comment', () => {
      const odd: Figure[] = [{ bench: 'x', measure: 'a | b -- c', value: '1', target: '' }];
      const text = renderResults(odd, [], INFO);
      expect(text).toContain('| x | a \\| b -- c | 1 |');
      expect(readFigures(text)).toEqual(odd);
    });
  });
});

describe('readFigures', () => {
  it('gives nothing for a file without figures or with a broken comment', () => {
    expect(readFigures('# Benchmark results')).toEqual([]);
    expect(readFigures('<!-- figures:[{ -->')).toEqual([]);
  });
});
