import { emitWithBilanSdk } from './emit-bilan-sdk';
import { type ExpectedWorkload, expectedSeries, planReferenceWorkload } from './plan';

export * from './emit-bilan-sdk';
export * from './emit-plain-otel';
export * from './plan';

/**
 * Sends the reference workload through `@bilan/sdk/node` to a Collector and returns the
 * contract series it must produce.
 */
export async function sendReferenceWorkload(
  otlpHttpUrl: string,
  serviceName = 'bilan-reference',
): Promise<ExpectedWorkload> {
  const plan = planReferenceWorkload(serviceName);
  await emitWithBilanSdk(plan, otlpHttpUrl);
  return expectedSeries(plan, 'bilan');
}
