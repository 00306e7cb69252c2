/**
 * `npm run bench:cpu -w collector-config -- a.pb.gz b.pb.gz`: the share of a Collector's CPU per
 * pipeline component in CPU profiles already recorded (by `bench:ingest --pprof=DIR`), one column
 * per file, as Markdown. Needs Go (`go tool pprof`).
 */
import { basename } from 'node:path';
import { readCpuBreakdown, renderBreakdownTable } from './cpu-breakdown';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: npm run bench:cpu -w collector-config -- <profile.pb.gz>...');
  process.exit(2);
}
console.log(
  renderBreakdownTable(files.map((path) => ({ label: basename(path, '.pb.gz'), breakdown: readCpuBreakdown(path) }))),
);
