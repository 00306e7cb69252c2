import { type Figure, firstNumber } from './figures';

const FIGURES_MARK = 'figures:';

/** The figures a RESULTS.md carries in its closing comment (empty for a file without one). */
export function readFigures(markdown: string): Figure[] {
  const match = markdown.match(/<!-- figures:([\s\S]*?)-->/);
  if (!match?.[1]) return [];
  try {
    return JSON.parse(match[1]) as Figure[];
  } catch {
    return [];
  }
}

const key = (f: Figure) => `${f.bench}\u0000${f.measure}`;
const cell = (text: string) => text.replace(/\|/g, '\\|');

/** This run against the last committed one: ratios when both have one, else the values. */
export function change(now: Figure, before: Figure | undefined): string {
  if (!before) return 'new';
  if (now.ratio !== undefined && before.ratio !== undefined && before.ratio > 0)
    return `${(now.ratio / before.ratio).toFixed(2)}× (ratios)`;
  const [a, b] = [firstNumber(now.value), firstNumber(before.value)];
  if (a === undefined || b === undefined) return now.value === before.value ? 'same' : 'changed';
  if (b === 0) return a === 0 ? 'same' : 'was 0';
  return `${(a / b).toFixed(2)}× (values)`;
}

interface RunInfo {
  date: string;
  cores: number;
  commit: string;
  /** Benchmarks that did not finish, with why. */
  failures: string[];
  /** The benchmarks run when `--only` chose some (by the first word of their name); all when absent. */
  only?: readonly string[];
}

const benchId = (f: Figure) => f.bench.split(' ')[0] as string;

/**
 * RESULTS.md: one table of every figure beside its target and beside the last committed figure,
 * and the figures again as JSON in a closing comment, which the next run compares against.
 */
export function renderResults(figures: readonly Figure[], previous: readonly Figure[], info: RunInfo): string {
  const before = new Map(previous.map((f) => [key(f), f]));
  const lines = [
    '# Benchmark results',
    '',
    `Written by \`npm run bench\` on ${info.date} at commit ${info.commit}, ${info.cores} cores, ${info.only ? `only ${info.only.join(', ')} (\`--only\`)` : 'every benchmark'}`,
    'on the same machine as its load. Timings on a shared machine are noisy: compare the ratios to the',
    'baselines each benchmark measures in the same run (the "ratio" column), not the raw times. Nothing',
    'here fails a test; the budgets that are deterministic (bundle sizes) are tests in `npm test`.',
    '',
    '| bench | measure | value | target | ratio to in-run baseline | last committed | change |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...figures.map((f) => {
      const last = before.get(key(f));
      const lastText = last
        ? last.ratio !== undefined
          ? `${last.value} (${last.ratio.toFixed(2)}×)`
          : last.value
        : '';
      return `| ${cell(f.bench)} | ${cell(f.measure)} | ${cell(f.value)} | ${cell(f.target)} | ${f.ratio === undefined ? '' : `${f.ratio.toFixed(2)}×`} | ${cell(lastText)} | ${change(f, last)} |`;
    }),
  ];
  if (info.failures.length) lines.push('', '## Did not finish', '', ...info.failures.map((f) => `- ${f}`));
  // A partial run keeps the other benchmarks' last figures, so the next full run still compares against them.
  const carried = info.only ? previous.filter((f) => !info.only?.includes(benchId(f))) : [];
  const json = JSON.stringify([...figures, ...carried]).replace(/--/g, '\\u002d\\u002d');
  lines.push('', `<!-- ${FIGURES_MARK}${json}-->`, '');
  return lines.join('\n');
}
