/**
 * Sends the reference workload in a plain Node process: under vitest's jsdom
 * environment the OpenTelemetry SDK resolves its browser build and fails.
 * Usage: tsx tests/send-workload.ts <otlpHttpUrl> <serviceName>
 */
import { sendReferenceWorkload } from '@bilan/stack';

const [url, service] = process.argv.slice(2);
if (!url || !service) throw new Error('usage: send-workload.ts <otlpHttpUrl> <serviceName>');
await sendReferenceWorkload(url, service);
