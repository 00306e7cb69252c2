import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The grafana-plugin folder. */
export const PLUGIN_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = join(PLUGIN_ROOT, 'dist');
