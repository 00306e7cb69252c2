import fc from 'fast-check';
import type { BilanEvents } from '../src/events';

/**
 * Property: an entry's `initBilan` takes any options without throwing. Junk alone is only initialised
 * (nothing emitted, so no export is attempted); junk spread over a working endpoint also emits and shuts down.
 */
export async function assertAcceptsAnyOptions(initBilan: (options: never) => BilanEvents, endpoint: string) {
  await fc.assert(
    fc.asyncProperty(fc.anything(), async (options) => {
      initBilan(options as never);
      const extra = options !== null && typeof options === 'object' ? options : {};
      const bilan = initBilan({ endpoint, serviceName: 'demo', ...extra } as never);
      bilan.track('e', {});
      await bilan.shutdown();
    }),
    { numRuns: 40 },
  );
}
