import { describe, expect, it } from 'vitest';
import { encodeLogRecord, encodeLogsRequest, nanos, toAnyValue, toKeyValues } from './otlp-json';

describe('nanos', () => {
  it('writes epoch milliseconds as a nanosecond decimal string', () => {
    expect(nanos(1_700_000_000_123)).toBe('1700000000123000000');
    expect(nanos(1_700_000_000_123.5)).toBe('1700000000123500000');
  });
});

describe('toAnyValue', () => {
  it('maps JS values to OTLP/JSON AnyValue', () => {
    expect(toAnyValue('a')).toEqual({ stringValue: 'a' });
    expect(toAnyValue(true)).toEqual({ boolValue: true });
    expect(toAnyValue(-1)).toEqual({ intValue: '-1' });
    expect(toAnyValue(0.5)).toEqual({ doubleValue: 0.5 });
    expect(toAnyValue([1, 'b'])).toEqual({ arrayValue: { values: [{ intValue: '1' }, { stringValue: 'b' }] } });
  });
  it('skips absent attributes', () => {
    expect(toKeyValues({ a: 1, b: undefined })).toEqual([{ key: 'a', value: { intValue: '1' } }]);
    expect(toKeyValues(undefined)).toEqual([]);
  });
});

describe('encodeLogRecord', () => {
  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
  const spanId = '00f067aa0ba902b7';

  it('writes nanosecond strings, eventName, and the trace of its parent span', () => {
    const record = encodeLogRecord({
      eventName: 'gen_ai.evaluation.result',
      attributes: { 'gen_ai.evaluation.score.value': 1 },
      parent: { traceId, spanId, traceFlags: 1, isRemote: true },
    });
    expect(record).toEqual({
      timeUnixNano: expect.stringMatching(/^\d{19}$/),
      observedTimeUnixNano: record.timeUnixNano,
      severityNumber: 9,
      eventName: 'gen_ai.evaluation.result',
      attributes: [{ key: 'gen_ai.evaluation.score.value', value: { intValue: '1' } }],
      traceId,
      spanId,
      flags: 1,
    });
  });

  it('leaves trace fields out without a parent span', () => {
    expect(encodeLogRecord({ eventName: 'x', parent: null })).not.toHaveProperty('traceId');
    const warning = encodeLogRecord({ eventName: 'x', severityNumber: 13 });
    expect(warning).not.toHaveProperty('traceId');
    expect(warning.severityNumber).toBe(13);
  });
});

describe('encodeLogsRequest', () => {
  it('nests records under resource and scope', () => {
    const body = JSON.parse(encodeLogsRequest([], { name: 's', version: '1' }, []));
    expect(body).toEqual({
      resourceLogs: [
        { resource: { attributes: [] }, scopeLogs: [{ scope: { name: 's', version: '1' }, logRecords: [] }] },
      ],
    });
  });
});
