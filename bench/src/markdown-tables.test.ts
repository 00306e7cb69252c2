import { describe, expect, it } from 'vitest';
import { parseMarkdownTables } from './markdown-tables';

describe('parseMarkdownTables', () => {
  it('finds each table with the line above it as its title, whatever npm printed around it', () => {
    const output = [
      '> @bilan/sdk@0.1.0 bench',
      '',
      '### Size (esbuild --minify, gzip -9)',
      '',
      '| bundle | gzip | budget |',
      '| --- | --- | --- |',
      '| web entry | 4,901 B | ≤ 5 KB |',
      '',
      'no table here | just a pipe',
      '| call | Bilan | ratio (≤ 1.5×) |',
      '|---|:---:|---|',
      '| vote | 2.1 µs | 1.3× |',
    ].join('\n');
    expect(parseMarkdownTables(output)).toEqual([
      {
        title: 'Size (esbuild --minify, gzip -9)',
        header: ['bundle', 'gzip', 'budget'],
        rows: [['web entry', '4,901 B', '≤ 5 KB']],
      },
      {
        title: 'no table here | just a pipe',
        header: ['call', 'Bilan', 'ratio (≤ 1.5×)'],
        rows: [['vote', '2.1 µs', '1.3×']],
      },
    ]);
  });

  describe('edge cases', () => {
    it('ignores pipe lines without a rule under the first', () => {
      expect(parseMarkdownTables('| a | b |\n| c | d |')).toEqual([]);
    });

    it('gives nothing for empty output', () => {
      expect(parseMarkdownTables('')).toEqual([]);
    });
  });
});
