// `npm run render -w collector-config`: writes the production overlay rendered from the pipeline.
import { readFileSync, writeFileSync } from 'node:fs';
import { PIPELINE_CONFIG, PRODUCTION_OVERLAY } from './paths';
import { renderProductionOverlay } from './production-overlay';

writeFileSync(PRODUCTION_OVERLAY, renderProductionOverlay(readFileSync(PIPELINE_CONFIG, 'utf8')));
console.log(`wrote ${PRODUCTION_OVERLAY}`);
