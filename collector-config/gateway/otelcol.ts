import { execFile } from 'node:child_process';
import { COLLECTOR_BIN, requireBinary } from '@bilan/stack';

interface ValidateResult {
  ok: boolean;
  output: string;
}

/** Runs `otelcol-bilan validate` on config files merged in order, with extra environment variables. */
export function validateConfig(configFiles: string[], env: Record<string, string> = {}): Promise<ValidateResult> {
  const bin = requireBinary(COLLECTOR_BIN, 'build it with `npm run collector:build` (needs Go)');
  const args = ['validate', ...configFiles.map((file) => `--config=${file}`)];
  return new Promise((done) => {
    execFile(bin, args, { env: { ...process.env, ...env }, timeout: 30_000 }, (error, stdout, stderr) =>
      done({ ok: !error, output: `${stdout}${stderr}` }),
    );
  });
}
