/**
 * Sends a workload plan through @bilan/sdk/node in a plain Node process (as send-workload.ts
 * does, for the same reason). Usage: tsx tests/send-plan.ts <otlpHttpUrl> <plan as JSON>
 */
import { emitWithBilanSdk, type WorkloadPlan } from '@bilan/stack';

const [url, plan] = process.argv.slice(2);
if (!url || !plan) throw new Error('usage: send-plan.ts <otlpHttpUrl> <plan as JSON>');
await emitWithBilanSdk(JSON.parse(plan) as WorkloadPlan, url);
