import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT } from '@bilan/stack';
import type { IngestResult, IngestRun } from './k6';
import type { IngestFigures } from './k6-summary';
import { watchGenerator } from './proc-usage';

/** The Go load generator's source (loadgen/main.go) and the request bodies it sends. */
const LOADGEN_SOURCE = fileURLToPath(new URL('./loadgen/', import.meta.url));
const REQUEST_BODIES = {
  logs: fileURLToPath(new URL('./requests/feedback-logs.json', import.meta.url)),
  traces: fileURLToPath(new URL('./requests/turn-spans.json', import.meta.url)),
};
const LOADGEN_BINARY = join(REPO_ROOT, '.tools', 'bin', 'bilan-loadgen');

/**
 * Builds bilan-loadgen (standard library only) into `.tools/bin`. Go caches the build, so a run
 * with an unchanged source takes well under a second; a missing Go fails with Go's own message.
 */
function buildLoadgen(): string {
  execFileSync('go', ['build', '-o', LOADGEN_BINARY, '.'], { cwd: LOADGEN_SOURCE, stdio: ['ignore', 'pipe', 'pipe'] });
  return LOADGEN_BINARY;
}

/** Runs bilan-loadgen once at a fixed rate against a Collector; the same figures as a k6 run. */
export async function runLoadgen(run: IngestRun): Promise<IngestResult> {
  if (run.profile) throw new Error('bilan-loadgen sends at a fixed rate; load profiles run with k6');
  const binary = buildLoadgen();
  const dir = mkdtempSync(join(tmpdir(), 'bilan-loadgen-'));
  const summaryPath = join(dir, 'summary.json');
  try {
    const child = spawn(
      binary,
      [
        `-url=${run.otlpHttpUrl.replace(/\/$/, '')}`,
        `-rate=${run.rate}`,
        `-duration=${run.duration}`,
        `-logs=${REQUEST_BODIES.logs}`,
        `-traces=${REQUEST_BODIES.traces}`,
        `-max-in-flight=${run.maxVus ?? Math.max(400, run.rate)}`,
        `-summary=${summaryPath}`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const { exitCode, output, generatorUsage } = await watchGenerator(child, run.onStart);
    if (exitCode !== 0) throw new Error(`bilan-loadgen exited with ${exitCode}:\n${output}`);
    const figures = JSON.parse(readFileSync(summaryPath, 'utf8')) as IngestFigures;
    return { figures, exitCode, generatorUsage, output, summary: {} };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
