/**
 * The demo AI app on its own, for docker-compose.yml: simulated users send turns, votes,
 * conversations and journeys through @bilan/sdk to the Collector at BILAN_OTLP_ENDPOINT until
 * stopped (or for DEMO_DURATION_MS when set). The local stack (`npm run stack`) runs the same
 * traffic in-process.
 */
import { initBilan } from '@bilan/sdk/node';
import { runDemoTraffic } from '../src/demo/demo-app';
import { seededRandom } from '../src/demo/fake-model';

const endpoint = process.env.BILAN_OTLP_ENDPOINT ?? 'http://otel-collector:4318';
const durationMs = Number(process.env.DEMO_DURATION_MS ?? 0);

const bilan = initBilan({
  endpoint,
  serviceName: 'bilan-demo',
  serviceVersion: '0.1.0',
  environment: process.env.BILAN_ENVIRONMENT ?? 'docker',
});
const traffic = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => traffic.abort());
if (durationMs > 0) setTimeout(() => traffic.abort(), durationMs);

console.log(`demo app: sending to ${endpoint} as service_name="bilan-demo"`);
await runDemoTraffic(bilan, seededRandom(Date.now()), traffic.signal);
await bilan.shutdown();
