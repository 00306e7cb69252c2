// Prints the time of one first `initBilan` call in a fresh process (modules already loaded); used by run.ts.
import { initBilan } from '../src/node';

const start = performance.now();
const bilan = initBilan({ endpoint: 'http://127.0.0.1:9', serviceName: 'bench' });
const elapsed = performance.now() - start;
await bilan.shutdown();
console.log(elapsed);
