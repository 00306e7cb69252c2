// `npm run render:labels -w collector-config`: rewrites the label statements of otelcol-config.yaml
// from the contract's LABEL_BOUNDS (label-ottl.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import { COLLECTOR_CONFIG } from '@bilan/stack';
import { renderLabelStatementsInto } from './label-ottl';

writeFileSync(COLLECTOR_CONFIG, renderLabelStatementsInto(readFileSync(COLLECTOR_CONFIG, 'utf8')));
console.log(`wrote the label statements of ${COLLECTOR_CONFIG}`);
