import { spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT } from '@bilan/stack';
import { benchContractNames } from './contract-names';
import { type IngestFigures, type K6Summary, summariseK6 } from './k6-summary';
import { k6ProfileEnv, type LoadProfile } from './load-profile';
import { type ProcUsage, watchGenerator } from './proc-usage';

const INGEST_SCRIPT = fileURLToPath(new URL('./ingest.js', import.meta.url));

/** Where k6 may be: the repo-local `.tools/bin` (install-k6.sh) first, then PATH. */
export function k6Candidates(): string[] {
  const path = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  return [join(REPO_ROOT, '.tools', 'bin', 'k6'), ...path.map((dir) => join(dir, 'k6'))];
}

/** The first executable k6 among the candidates; a clear error saying how to install it when there is none. */
export function findK6(candidates = k6Candidates()): string {
  for (const path of candidates) {
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {}
  }
  throw new Error('k6 is not installed: run `bash collector-config/bench/install-k6.sh` (needs Go)');
}

export interface IngestRun {
  otlpHttpUrl: string;
  /** Requests per second. */
  rate: number;
  /** A k6 duration such as `5s`. */
  duration: string;
  vus?: number;
  maxVus?: number;
  /** Virtual users over time instead of a fixed rate (then `rate` and `duration` are not used). */
  profile?: LoadProfile;
  /** Called with k6's pid as soon as it is spawned. */
  onStart?: (k6Pid: number) => void;
}

export interface IngestResult {
  figures: IngestFigures;
  /** 0 when every threshold held, 99 when one was crossed (which the bench reports, not fails on). */
  exitCode: number;
  /** CPU and memory the load generator (k6, or bilan-loadgen) itself used. */
  generatorUsage: ProcUsage;
  output: string;
  /** The whole k6 summary, for figures beyond `figures` (a profile's phases). */
  summary: K6Summary;
}

/** Runs ingest.js once with k6 against a Collector and returns its figures. */
export async function runIngest(run: IngestRun): Promise<IngestResult> {
  const k6 = findK6();
  const dir = mkdtempSync(join(tmpdir(), 'bilan-k6-'));
  const namesPath = join(dir, 'contract-names.json');
  const summaryPath = join(dir, 'summary.json');
  writeFileSync(namesPath, JSON.stringify(benchContractNames()));
  try {
    const child = spawn(k6, ['run', '--quiet', '--no-usage-report', INGEST_SCRIPT], {
      env: {
        ...process.env,
        OTLP_URL: run.otlpHttpUrl,
        BILAN_NAMES: namesPath,
        RATE: String(run.rate),
        DURATION: run.duration,
        // Enough VUs up front that a latency spike does not make k6 drop iterations while it
        // initialises more (at 5 ms per request, 2,000/s keeps about 10 busy).
        VUS: String(run.vus ?? Math.max(50, Math.ceil(run.rate / 10))),
        MAX_VUS: String(run.maxVus ?? Math.max(400, run.rate)),
        SUMMARY_PATH: summaryPath,
        ...(run.profile ? { PROFILE: k6ProfileEnv(run.profile) } : {}),
        K6_NO_COLOR: 'true',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const { exitCode, output, generatorUsage } = await watchGenerator(child, run.onStart);
    if (exitCode !== 0 && exitCode !== 99) throw new Error(`k6 exited with ${exitCode}:\n${output}`);
    const summary = JSON.parse(readFileSync(summaryPath, 'utf8')) as K6Summary;
    return { figures: summariseK6(summary, run.rate), exitCode, generatorUsage, output, summary };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
