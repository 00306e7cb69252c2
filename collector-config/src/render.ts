// `npm run render -w collector-config`: rewrites the pipeline's label statements from the contract,
// then the production overlay from the pipeline.
import { readFileSync, writeFileSync } from 'node:fs';
import { renderLabelStatementsInto } from './label-ottl';
import { PIPELINE_CONFIG, PRODUCTION_OVERLAY } from './paths';
import { renderProductionOverlay } from './production-overlay';

const pipeline = renderLabelStatementsInto(readFileSync(PIPELINE_CONFIG, 'utf8'));
writeFileSync(PIPELINE_CONFIG, pipeline);
writeFileSync(PRODUCTION_OVERLAY, renderProductionOverlay(pipeline));
console.log(`wrote the label statements of ${PIPELINE_CONFIG} and ${PRODUCTION_OVERLAY}`);
