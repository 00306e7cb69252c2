// Fuzzing against the real otelcol-bilan: requests the web entry's OTLP/JSON encoder writes for any
// attributes, and whatever the public API of both entries is given (turns included), are all accepted (2xx),
// nothing throws.

import { type RunningPipeline, startPipeline } from '@bilan/stack';
import type { AttributeValue } from '@opentelemetry/api';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBilan as initNodeBilan } from '../src/node/index';
import { initBilan as initWebBilan } from '../src/web/index';
import { encodeLogRecord, encodeLogsRequest, toKeyValues } from '../src/web/otlp-json';
import { callWith, hostileCall, hostileInput } from './hostile-input';
import { checkLogsRequest } from './otlp-shape';

// Each case is one request to a real process: a bounded number, so the suite stays a few seconds.
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);

let pipeline: RunningPipeline;
beforeAll(async () => {
  pipeline = await startPipeline();
}, 60_000);
afterAll(async () => {
  await pipeline?.stop();
});

/** Every value an OpenTelemetry attribute may hold, odd numbers and lone surrogates included. */
const text = fc.string({ unit: 'binary', maxLength: 40 });
const scalar = fc.oneof(text, fc.double(), fc.integer(), fc.maxSafeInteger(), fc.boolean());
const attributeValue: fc.Arbitrary<AttributeValue> = fc.oneof(
  scalar,
  fc.array(text),
  fc.array(fc.double()),
  fc.array(fc.boolean()),
  fc.array(fc.option(fc.integer(), { nil: null })),
);
// Keys are never empty: the SDK drops a property without a name before it reaches the encoder.
const attributes = fc.dictionary(text.filter(Boolean), attributeValue, { maxKeys: 8 });
const hex = (length: number) => fc.stringMatching(new RegExp(`^[0-9a-f]{${length}}$`));
const parent = fc.option(fc.record({ traceId: hex(32), spanId: hex(16), traceFlags: fc.constantFrom(0, 1) }), {
  nil: undefined,
});
const record = fc.record({ eventName: text.filter(Boolean), attributes, parent });

async function post(body: string): Promise<number> {
  const response = await fetch(`${pipeline.collector.otlpHttpUrl}/v1/logs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  await response.body?.cancel();
  return response.status;
}

describe('fuzzed payloads through the real Collector', () => {
  it('the OTLP/JSON encoder writes valid requests for any attributes, and the Collector accepts each one', async () => {
    await fc.assert(
      fc.asyncProperty(attributes, fc.array(record, { minLength: 1, maxLength: 5 }), async (resource, records) => {
        const body = encodeLogsRequest(
          toKeyValues(resource),
          { name: 'fuzz', version: '1' },
          records.map((r) => encodeLogRecord(r)),
        );
        expect(checkLogsRequest(JSON.parse(body))).toEqual([]);
        expect(await post(body)).toBe(200);
      }),
      { numRuns: RUNS },
    );
  }, 60_000);

  for (const [entry, initBilan] of [
    ['web', initWebBilan],
    ['node', initNodeBilan],
  ] as const) {
    it(`the ${entry} entry, given anything, throws nothing and has every request accepted`, async () => {
      const failures: string[] = [];
      const bilan = initBilan({
        endpoint: pipeline.collector.otlpHttpUrl,
        serviceName: `fuzz-${entry}`,
        // Bad input is reported and dropped by design; a lost delivery is what must never happen.
        onError: (error) => {
          if (/not delivered|export_failed|queue_full/.test(error.message)) failures.push(error.message);
        },
      });
      await fc.assert(
        fc.asyncProperty(fc.array(hostileCall, { minLength: 1, maxLength: 10 }), async (calls) => {
          failures.length = 0;
          for (const call of calls) callWith(bilan, call);
          await bilan.flush();
          expect(failures).toEqual([]);
        }),
        { numRuns: RUNS },
      );
      await bilan.shutdown();
      expect(failures).toEqual([]);
    }, 60_000);
  }

  it('the node entry’s trackTurn, given anything, has every turn span and every vote on it accepted', async () => {
    const failures: string[] = [];
    const bilan = initNodeBilan({
      endpoint: pipeline.collector.otlpHttpUrl,
      serviceName: 'fuzz-turns',
      onError: (error) => {
        if (/not delivered|export_failed|queue_full/.test(error.message)) failures.push(error.message);
      },
    });
    const turnCall = fc.record({
      outcome: hostileInput,
      options: hostileInput,
      fails: fc.boolean(),
      vote: hostileInput,
    });
    await fc.assert(
      fc.asyncProperty(fc.array(turnCall, { minLength: 1, maxLength: 5 }), async (turns) => {
        failures.length = 0;
        for (const { outcome, options, fails, vote } of turns) {
          const call = () => (fails ? Promise.reject(outcome) : outcome);
          // The call's own failure is handed back as it was thrown; anything else is a bug.
          const settled = await bilan.trackTurn(call, options as never).then(
            ({ turn }) => turn,
            (error: unknown) => {
              expect(error).toBe(outcome);
              return undefined;
            },
          );
          bilan.vote(settled as never, vote as never);
        }
        await bilan.flush();
        expect(failures).toEqual([]);
      }),
      { numRuns: RUNS },
    );
    await bilan.shutdown();
    expect(failures).toEqual([]);
  }, 60_000);
});
