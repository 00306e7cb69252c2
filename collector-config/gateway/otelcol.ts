import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Our Collector build (collector-config/build-collector.sh). */
export const OTELCOL_BIN = fileURLToPath(new URL('../dist/otelcol-bilan', import.meta.url));

export interface ValidateResult {
  ok: boolean;
  output: string;
}

/** Runs `otelcol-bilan validate` on config files merged in order, with extra environment variables. */
export function validateConfig(configFiles: string[], env: Record<string, string> = {}): Promise<ValidateResult> {
  if (!existsSync(OTELCOL_BIN)) {
    throw new Error(`${OTELCOL_BIN} is missing: build it with \`npm run collector:build\``);
  }
  const args = ['validate', ...configFiles.map((file) => `--config=${file}`)];
  return new Promise((done) => {
    execFile(OTELCOL_BIN, args, { env: { ...process.env, ...env }, timeout: 30_000 }, (error, stdout, stderr) =>
      done({ ok: !error, output: `${stdout}${stderr}` }),
    );
  });
}
