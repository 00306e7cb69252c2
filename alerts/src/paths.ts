import { fileURLToPath } from 'node:url';

/** The repository root, whichever directory a script or test runs from. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const ALERTS_DIR = fileURLToPath(new URL('../', import.meta.url));
