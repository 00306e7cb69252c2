import type { PrintedTable } from './markdown-tables';

/** One figure of one benchmark, as RESULTS.md lists it. */
export interface Figure {
  bench: string;
  measure: string;
  /** The figure as the benchmark wrote it (with its unit). */
  value: string;
  target: string;
  /** Ratio to a baseline measured in the same run, when the benchmark has one: what is compared across runs. */
  ratio?: number;
}

/** The first number in a cell ("4,901 B", "1.42×", "58 ms (40–70)"), or undefined. */
export function firstNumber(cell: string): number | undefined {
  const match = cell.replace(/(\d),(\d{3})/g, '$1$2').match(/-?\d+(\.\d+)?/);
  return match ? Number(match[0]) : undefined;
}

const TARGET_HEADER = /^(budget|target)\b|^vs /i;
const RATIO_HEADER = /^ratio\b/i;

/** A target written in a header: "vs 2000 ms" means ≤ 2000 ms; "ratio (≤ 1.5×)" carries its own. */
function targetInHeader(header: string): string {
  const versus = header.match(/^vs (.+)$/i);
  if (versus) return `≤ ${versus[1]}`;
  return header.match(/\((≤[^)]*)\)/)?.[1] ?? '';
}

/**
 * Figures from the tables a benchmark printed, one per row, named by the table's title and the
 * row's first cell. The target is the column headed budget/target/"vs …" (or a cell that starts
 * with ≤) and the value the column just before it, else the second column; the in-run ratio is the
 * column headed ratio, or a cell that says "ratio …: N×".
 */
export function figuresFromTables(bench: string, tables: readonly PrintedTable[]): Figure[] {
  return tables.flatMap((table) => {
    const targetColumn = table.header.findIndex((h, i) => i > 1 && TARGET_HEADER.test(h));
    const ratioColumn = table.header.findIndex((h, i) => i > 1 && RATIO_HEADER.test(h));
    const valueColumn = targetColumn > 1 ? targetColumn - 1 : 1;
    return table.rows
      .filter((row) => row.length >= 2 && row[0])
      .map((row) => {
        const targetCell =
          targetColumn >= 0 ? targetInHeader(table.header[targetColumn] ?? '') || row[targetColumn] : '';
        const target =
          targetCell ||
          (ratioColumn >= 0 ? targetInHeader(table.header[ratioColumn] ?? '') : '') ||
          row.slice(2).find((c) => c.startsWith('≤')) ||
          '';
        const ratioCell =
          (ratioColumn >= 0 ? row[ratioColumn] : undefined) || row.slice(2).find((c) => /^ratio\b.*×/.test(c));
        const ratio = ratioCell === undefined ? undefined : firstNumber(ratioCell.replace(/^[^:]*:/, ''));
        const figure: Figure = {
          bench,
          measure: table.title ? `${table.title} — ${row[0]}` : (row[0] as string),
          value: row[valueColumn] ?? '',
          target,
        };
        return ratio === undefined ? figure : { ...figure, ratio };
      });
  });
}
