import { TURN_ERROR_TYPE } from '@bilan/contract';
import { describe, expect, it } from 'vitest';
import { classifyError, isRetryable, TurnTimeoutError } from './errors';

function httpError(status: number, message = 'request failed') {
  return Object.assign(new Error(message), { status });
}

describe('classifyError', () => {
  it.each([
    [httpError(429), 'rate_limit'],
    [httpError(401), 'auth_error'],
    [httpError(403), 'auth_error'],
    [httpError(503), 'service_unavailable'],
    [httpError(529, 'Overloaded'), 'service_unavailable'],
    [httpError(504), 'timeout'],
    [httpError(400, "This model's maximum context length is 8192 tokens"), 'context_limit'],
    [{ error: { code: 'context_length_exceeded' } }, 'context_limit'],
    [{ response: { status: 429 } }, 'rate_limit'],
    [{ statusCode: 502 }, 'service_unavailable'],
    [new TurnTimeoutError(5), 'timeout'],
    [Object.assign(new Error('aborted'), { name: 'AbortError' }), 'timeout'],
    [Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }), 'network_error'],
    [new TypeError('fetch failed'), 'network_error'],
    [new TypeError('x', { cause: Object.assign(new Error('y'), { code: 'ECONNRESET' }) }), 'network_error'],
    ['Rate limit reached', 'rate_limit'],
    [new Error('something odd'), 'unknown'],
    [httpError(400, 'bad request'), 'unknown'],
  ])('%o is %s', (error, expected) => {
    expect(classifyError(error)).toBe(expected);
  });

  it('only ever answers a contract value, whatever it is given', () => {
    for (const junk of [undefined, null, 0, Symbol('s'), [], { status: 'x' }, { message: 12 }]) {
      expect(TURN_ERROR_TYPE).toContain(classifyError(junk));
    }
  });
});

describe('isRetryable', () => {
  it('never retries auth or context-limit errors', () => {
    expect(isRetryable('auth_error')).toBe(false);
    expect(isRetryable('context_limit')).toBe(false);
    expect(isRetryable('unknown')).toBe(false);
    expect(isRetryable('rate_limit')).toBe(true);
    expect(isRetryable('timeout')).toBe(true);
  });
});
