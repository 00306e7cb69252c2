import { describe, expect, it } from 'vitest';
import { figuresFromTables, firstNumber } from './figures';
import { parseMarkdownTables } from './markdown-tables';

describe('firstNumber', () => {
  it('reads thousands separators, decimals and units', () => {
    expect(firstNumber('4,901 B')).toBe(4901);
    expect(firstNumber('1.42×')).toBe(1.42);
    expect(firstNumber('58 ms (40–70)')).toBe(58);
    expect(firstNumber('within')).toBeUndefined();
  });
});

describe('figuresFromTables', () => {
  it('takes the value beside a budget column, and the budget as the target', () => {
    const tables = parseMarkdownTables(
      [
        'Heap retained',
        '| path | with Bilan | bare baseline | Bilan’s share | budget |',
        '| --- | --- | --- | --- | --- |',
        '| node entry | 900 KB | 850 KB | 50 KB | ≤ 100 KB |',
      ].join('\n'),
    );
    expect(figuresFromTables('sdk', tables)).toEqual([
      { bench: 'sdk', measure: 'Heap retained — node entry', value: '50 KB', target: '≤ 100 KB' },
    ]);
  });

  it('reads a ratio column, with the target its header carries', () => {
    const tables = parseMarkdownTables(
      [
        '| call | Bilan | bare OTel API | ratio (≤ 1.5×) |',
        '| --- | --- | --- | --- |',
        '| vote | 2.1 µs | 1.7 µs | 1.24× |',
      ].join('\n'),
    );
    expect(figuresFromTables('sdk', tables)).toEqual([
      { bench: 'sdk', measure: 'vote', value: '2.1 µs', target: '≤ 1.5×', ratio: 1.24 },
    ]);
  });

  it('reads the plugin bench: a "ratio …: N×" cell, and a "vs 2000 ms" column as the target', () => {
    const plugin = parseMarkdownTables(
      [
        '| measure | value | budget | |',
        '| --- | --- | --- | --- |',
        '| initial module.js, gzip -9 | 0.66 KB | ≤ 100 KB | within budget |',
        '| same, 100 votes (baseline, same run) | 31 ms | | ratio 10,000 ÷ 100: 2.35× |',
      ].join('\n'),
    );
    expect(figuresFromTables('plugin', plugin)).toEqual([
      { bench: 'plugin', measure: 'initial module.js, gzip -9', value: '0.66 KB', target: '≤ 100 KB' },
      { bench: 'plugin', measure: 'same, 100 votes (baseline, same run)', value: '31 ms', target: '', ratio: 2.35 },
    ]);
    const host = parseMarkdownTables(
      [
        '| step | panels (core + app) | queries | navigation → all panels terminal, median of 3 (min–max) | vs 2000 ms |',
        '| --- | --- | --- | --- | --- |',
        '| open Overview | 0 + 9 | 14 | 840 ms (800–900) | within |',
      ].join('\n'),
    );
    expect(figuresFromTables('page load', host)).toEqual([
      { bench: 'page load', measure: 'open Overview', value: '840 ms (800–900)', target: '≤ 2000 ms' },
    ]);
  });
});
