/** A Markdown table a benchmark printed, under the heading (or text line) just above it. */
export interface PrintedTable {
  title: string;
  header: string[];
  rows: string[][];
}

const cellsOf = (line: string) =>
  line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((cell) => cell.trim());

const isRule = (cells: string[]) => cells.every((cell) => /^:?-{3,}:?$/.test(cell));

/** Every pipe table in a benchmark's output, in order. Lines that are not tables are titles. */
export function parseMarkdownTables(text: string): PrintedTable[] {
  const tables: PrintedTable[] = [];
  let title = '';
  let current: PrintedTable | undefined;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    if (!line.startsWith('|')) {
      current = undefined;
      if (line) title = line.replace(/^#+\s*/, '');
      continue;
    }
    if (current) {
      current.rows.push(cellsOf(line));
      continue;
    }
    const next = cellsOf(lines[i + 1] ?? '');
    if (isRule(next)) {
      current = { title, header: cellsOf(line), rows: [] };
      tables.push(current);
      i++; // the rule line
    }
  }
  return tables;
}
