import { spawnSync } from 'node:child_process';

/**
 * Runs a real binary (promtool, amtool) and returns its output. A missing binary
 * fails the calling test with the package to install, never skips it.
 */
export function runBinary(binary: string, args: string[], cwd: string): { status: number; output: string } {
  const found = spawnSync('sh', ['-c', `command -v ${binary}`], { encoding: 'utf8' });
  if (found.status !== 0) {
    throw new Error(`${binary} not found on PATH: install Debian's prometheus and prometheus-alertmanager packages`);
  }
  const result = spawnSync(binary, args, { cwd, encoding: 'utf8', timeout: 120_000 });
  return { status: result.status ?? -1, output: `${result.stdout}${result.stderr}` };
}
