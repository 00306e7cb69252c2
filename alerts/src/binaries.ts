import { spawnSync } from 'node:child_process';

/**
 * Runs a real binary (promtool, amtool; a name on PATH or a path) and returns its output.
 * A missing binary fails the calling test with how to install it, never skips it.
 */
export function runBinary(binary: string, args: string[], cwd: string): { status: number; output: string } {
  const found = spawnSync('sh', ['-c', `command -v ${binary}`], { encoding: 'utf8' });
  if (found.status !== 0) {
    throw new Error(
      `${binary} not found: run scripts/prepare-machine.sh (Debian's prometheus-alertmanager, Prometheus 3 built with Go)`,
    );
  }
  const result = spawnSync(binary, args, { cwd, encoding: 'utf8', timeout: 120_000 });
  return { status: result.status ?? -1, output: `${result.stdout}${result.stderr}` };
}
