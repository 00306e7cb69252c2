import { existsSync } from 'node:fs';

/** Debian's Chromium, which scripts/prepare-machine.sh installs (browsers are never downloaded here). */
const CHROMIUM_PATH = '/usr/bin/chromium';

/** The options every browser test and benchmark hands playwright-core's `chromium.launch`. */
export function chromiumLaunchOptions(): { executablePath: string; args: string[] } {
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(`${CHROMIUM_PATH} is missing: install Debian's chromium (scripts/prepare-machine.sh)`);
  return {
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  };
}
