import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CONFIG_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
export const PIPELINE_CONFIG = join(CONFIG_DIR, 'otelcol-config.yaml');
export const PRODUCTION_OVERLAY = join(CONFIG_DIR, 'otelcol-config.production.yaml');
