import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { contextOf, formatTraceparent } from './span-context';
import { parseTraceparent } from './turn-ref';

const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
const spanId = '00f067aa0ba902b7';
const traceparent = `00-${traceId}-${spanId}-01`;

describe('formatTraceparent', () => {
  it('round-trips with parseTraceparent', () => {
    expect(formatTraceparent(parseTraceparent(traceparent) as never)).toBe(traceparent);
    expect(formatTraceparent({ traceId, spanId, traceFlags: 0 })).toBe(`00-${traceId}-${spanId}-00`);
  });
  it('formats nothing for an invalid span context', () => {
    expect(
      formatTraceparent(trace.getSpanContext(ROOT_CONTEXT) ?? { traceId: '', spanId: '', traceFlags: 0 }),
    ).toBeUndefined();
  });
});

describe('contextOf', () => {
  it('puts the turn span as remote parent', () => {
    const parent = trace.getSpanContext(contextOf(parseTraceparent(traceparent)));
    expect(parent).toMatchObject({ traceId, spanId, isRemote: true });
  });
  it('is the root context without a span context', () => {
    expect(contextOf(undefined)).toBe(ROOT_CONTEXT);
  });
});
