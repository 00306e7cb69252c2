import { describe, expect, it } from 'vitest';
import { copyLabels, parseTraceparent, readTurnRef } from './turn-ref';

const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
const spanId = '00f067aa0ba902b7';
const traceparent = `00-${traceId}-${spanId}-01`;

describe('traceparent', () => {
  it('reads a sampled span context, keeping only the sampled flag', () => {
    expect(parseTraceparent(traceparent)).toEqual({ traceId, spanId, traceFlags: 1, isRemote: true });
    expect(parseTraceparent(`00-${traceId}-${spanId}-03`)?.traceFlags).toBe(1);
    expect(parseTraceparent(`00-${traceId}-${spanId}-00`)?.traceFlags).toBe(0);
  });
  it('rejects malformed or all-zero ids', () => {
    for (const bad of [
      '',
      'garbage',
      `01-${traceId}-${spanId}-01`,
      `00-${'0'.repeat(32)}-${spanId}-01`,
      `00-${traceId}-${'0'.repeat(16)}-01`,
      `00-${traceId.toUpperCase()}-${spanId}-01`,
      42,
    ]) {
      expect(parseTraceparent(bad)).toBeUndefined();
    }
  });
});

describe('readTurnRef', () => {
  it('reads the camelCase shape it emits', () => {
    const ref = { turnId: 't1', traceparent, feature: 'f', model: 'm', promptVersion: 'v2', conversationId: 'c' };
    expect(readTurnRef(JSON.parse(JSON.stringify(ref)))).toEqual({
      ref,
      spanContext: parseTraceparent(traceparent),
      problems: [],
    });
  });
  it('reports snake_case instead of silently losing the fields', () => {
    const { ref, problems } = readTurnRef({ turn_id: 't1', prompt_version: 'v2' });
    expect(ref).toBeUndefined();
    expect(problems).toEqual(['TurnRef has no turnId (snake_case keys, not camelCase)']);
    expect(readTurnRef({ feature: 'f' }).problems).toEqual(['TurnRef has no turnId']);
  });
  it('keeps valid fields and reports the invalid ones', () => {
    const { ref, problems } = readTurnRef({ turnId: 't1', traceparent: 'nope', feature: 7, model: {} });
    expect(ref).toEqual({ turnId: 't1', feature: '7' });
    expect(problems).toEqual(['TurnRef has a bad traceparent']);
  });
  it('rejects non-objects', () => {
    expect(readTurnRef('t1').ref).toBeUndefined();
    expect(readTurnRef(null).problems).toEqual(['TurnRef has no turnId']);
  });
});

describe('copyLabels', () => {
  it('copies usable labels only', () => {
    expect(
      copyLabels({ feature: ' f ', model: {}, promptVersion: 3, conversationId: '', other: 'x' }, { turnId: 't' }),
    ).toEqual({
      turnId: 't',
      feature: 'f',
      promptVersion: '3',
    });
  });
});
