import { describe, expect, it } from 'vitest';
import { asRecord, defined, LIMITS, sizeOption, toAttributes, toCount, toLabel, toText, truncate } from './limits';

describe('truncate', () => {
  it('keeps short text and marks a cut', () => {
    expect(truncate('abc', 5)).toBe('abc');
    expect(truncate('abcdef', 4)).toBe('abc…');
  });
});

describe('toLabel', () => {
  it('accepts strings and finite numbers, trimmed and bounded', () => {
    expect(toLabel('  chat ')).toBe('chat');
    expect(toLabel(3)).toBe('3');
    expect(toLabel('x'.repeat(10_000))).toHaveLength(LIMITS.maxLabelLength);
  });
  it('rejects everything else', () => {
    for (const bad of [undefined, null, '', '   ', Number.NaN, Number.POSITIVE_INFINITY, {}, [], () => 1]) {
      expect(toLabel(bad)).toBeUndefined();
    }
  });
});

describe('toText', () => {
  it('bounds a megabyte comment', () => {
    expect(toText('a'.repeat(1_000_000))).toHaveLength(LIMITS.maxTextLength);
    expect(toText(42)).toBeUndefined();
  });
});

describe('toCount', () => {
  it('takes non-negative integers only', () => {
    expect(toCount(12)).toBe(12);
    expect(toCount(-1)).toBeUndefined();
    expect(toCount(1.5)).toBeUndefined();
    expect(toCount('3')).toBeUndefined();
  });
});

describe('toAttributes', () => {
  it('keeps primitives, JSON-encodes objects, survives circular ones', () => {
    const circular: Record<string, unknown> = { a: 1 };
    circular.self = circular;
    const { attributes, dropped } = toAttributes({ s: 'x', n: 2, b: true, o: { k: [1] }, c: circular, u: undefined });
    expect(attributes).toEqual({ s: 'x', n: 2, b: true, o: '{"k":[1]}', c: '[unserializable]' });
    expect(dropped).toBe(1);
  });
  it('drops properties beyond the limit and counts them', () => {
    const many = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, i]));
    const { attributes, dropped } = toAttributes(many);
    expect(Object.keys(attributes)).toHaveLength(LIMITS.maxProperties);
    expect(dropped).toBe(40 - LIMITS.maxProperties);
  });
  it('survives throwing getters and non-objects', () => {
    const hostile = Object.defineProperty({}, 'boom', {
      enumerable: true,
      get() {
        throw new Error('no');
      },
    });
    expect(toAttributes(hostile)).toEqual({ attributes: {}, dropped: 1 });
    expect(toAttributes('str')).toEqual({ attributes: {}, dropped: 0 });
  });
});

describe('sizeOption', () => {
  it('keeps positive integers and falls back on anything else', () => {
    expect(sizeOption(5, 10)).toBe(5);
    for (const bad of [0, -1, 1.5, Number.NaN, '5', undefined, null]) expect(sizeOption(bad, 10)).toBe(10);
  });
});

describe('asRecord', () => {
  it('answers an object as is and anything else as an empty one', () => {
    const o = { a: 1 };
    expect(asRecord(o)).toBe(o);
    for (const other of [null, undefined, 'x', 3]) expect(asRecord(other)).toEqual({});
  });
});

describe('defined', () => {
  it('leaves undefined values out, of both parts', () => {
    expect(defined({ a: 1, b: undefined }, { c: 'x', d: undefined })).toEqual({ a: 1, c: 'x' });
  });
});
