/**
 * `npm run bench`: every benchmark of the repository, one after the other (they share the cores,
 * so never together), then one table of their figures in bench/RESULTS.md. Each benchmark keeps
 * its own output: it is printed as it runs and kept in a log file, and the JSON files the ingest
 * and dashboard benchmarks write stay where they are. A benchmark that crashes is listed and makes
 * the run exit 1; a slow figure never does.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Figure, figuresFromTables } from './figures';
import { dashboardFigures, ingestFigures } from './json-figures';
import { parseMarkdownTables } from './markdown-tables';
import { readFigures, renderResults } from './results-md';

const ROOT = resolve(import.meta.dirname, '..', '..');
const RESULTS = join(ROOT, 'bench', 'RESULTS.md');
const readJson = (path: string) => JSON.parse(readFileSync(join(ROOT, path), 'utf8'));

interface Bench {
  name: string;
  /** Arguments of `npm`. */
  npm: string[];
  figures(output: string): Figure[];
}

const BENCHES: Bench[] = [
  {
    name: 'sdk',
    npm: ['run', 'bench', '-w', '@bilan/sdk'],
    figures: (output) => figuresFromTables('sdk', parseMarkdownTables(output)),
  },
  {
    name: 'ingest',
    npm: ['run', 'bench:ingest', '-w', '@bilan/collector-config', '--', '--profile=seed-short'],
    figures: () => ingestFigures(readJson('collector-config/bench/results-seed-short.json')),
  },
  {
    name: 'outage (Collector down 60 s, SDK voting)',
    npm: ['run', 'bench:outage', '-w', '@bilan/sdk'],
    figures: (output) => figuresFromTables('outage', parseMarkdownTables(output)),
  },
  {
    name: 'faults (Prometheus, Loki stand-in down 2 min)',
    npm: ['run', 'bench:faults', '-w', '@bilan/collector-config'],
    figures: (output) => figuresFromTables('faults', parseMarkdownTables(output)),
  },
  {
    name: 'dashboards',
    npm: ['run', 'bench', '-w', '@bilan/dashboards'],
    figures: () => dashboardFigures(readJson('dashboards/bench/results.json')),
  },
  {
    name: 'plugin (module size, feedback table)',
    npm: ['run', 'bench', '-w', '@bilan/grafana-plugin'],
    figures: (output) => figuresFromTables('plugin', parseMarkdownTables(output)),
  },
  {
    name: 'plugin page load',
    npm: ['run', 'bench:host', '-w', '@bilan/grafana-plugin'],
    figures: (output) => figuresFromTables('plugin page load', parseMarkdownTables(output)),
  },
];

/** Runs one benchmark, its output shown as it comes and kept in `log`; resolves with its stdout and exit code. */
function runBench(bench: Bench, log: string): Promise<{ output: string; code: number }> {
  return new Promise((done, fail) => {
    const child = spawn('npm', bench.npm, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let all = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk;
      all += chunk;
      process.stdout.write(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      all += chunk;
      process.stderr.write(chunk);
    });
    child.on('error', fail);
    child.on('close', (code) => {
      writeFileSync(log, all);
      done({ output, code: code ?? -1 });
    });
  });
}

function lastCommittedResults(): string {
  try {
    return execFileSync('git', ['show', 'HEAD:bench/RESULTS.md'], { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' });
  } catch {
    return existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : '';
  }
}

const only = process.argv
  .slice(2)
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const logs = mkdtempSync(join(tmpdir(), 'bilan-bench-'));
const figures: Figure[] = [];
const failures: string[] = [];
for (const bench of BENCHES.filter((b) => !only || only.includes(b.name.split(' ')[0] as string))) {
  const log = join(logs, `${bench.name.replace(/\W+/g, '-')}.log`);
  console.error(`\n[bench] ${bench.name}: npm ${bench.npm.join(' ')} (log: ${log})`);
  const { output, code } = await runBench(bench, log);
  if (code !== 0) {
    failures.push(`${bench.name}: exit ${code}, see ${log}`);
    continue;
  }
  try {
    figures.push(...bench.figures(output));
  } catch (error) {
    failures.push(`${bench.name}: its figures could not be read (${(error as Error).message})`);
  }
}

const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
const info = {
  date: new Date().toISOString().slice(0, 16).replace('T', ' '),
  cores: availableParallelism(),
  commit,
  failures,
  only,
};
writeFileSync(RESULTS, renderResults(figures, readFigures(lastCommittedResults()), info));
console.error(`\n[bench] wrote ${RESULTS}: ${figures.length} figures; logs in ${logs}`);
if (failures.length) {
  console.error(`[bench] did not finish: ${failures.join('; ')}`);
  process.exit(1);
}
