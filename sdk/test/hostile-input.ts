import fc from 'fast-check';
import type { BilanEvents } from '../src/events';

/** Anything a caller might pass: every JS value fast-check makes, circular objects, a megabyte string, odd numbers. */
const hostile = fc.anything({
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withNullPrototype: true,
  withObjectString: true,
  withSet: true,
  withSparseArray: true,
  withTypedArray: true,
});
const circular = fc.constant(null).map(() => {
  const o: Record<string, unknown> = { turnId: 't' };
  o.self = o;
  return o;
});
const huge = fc.constant('x'.repeat(1_000_000));
export const hostileInput = fc.oneof(
  hostile,
  circular,
  huge,
  fc.constantFrom(Number.NaN, -0, Number.POSITIVE_INFINITY, 1e21, 2 ** 63, '', 'none', '\ud800'),
);
/** Up to four arguments for one call. */
const hostileArgs = fc.array(hostileInput, { maxLength: 4 });

/** Every event method of the public API (all entries have them). */
const EVENT_METHODS = [
  'vote',
  'conversationFeedback',
  'regenerate',
  'startConversation',
  'endConversation',
  'journeyStep',
  'completeJourney',
  'abandonJourney',
  'track',
  'identify',
  'reportPageLoad',
] as const satisfies readonly (keyof BilanEvents)[];

/** One call of the public API with hostile arguments. */
export const hostileCall = fc.tuple(fc.constantFrom(...EVENT_METHODS), hostileArgs);

export function callWith(bilan: BilanEvents, [method, values]: [keyof BilanEvents, unknown[]]): void {
  (bilan[method] as (...a: unknown[]) => unknown)(...values);
}
