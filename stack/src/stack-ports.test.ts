import { describe, expect, it } from 'vitest';
import { STACK_PORTS } from './stack-ports';

describe('STACK_PORTS', () => {
  it('uses the usual ports unless moved', () => {
    expect(STACK_PORTS({ BILAN_STACK_PROMETHEUS_PORT: '19090' })).toMatchObject({
      prometheus: 19090,
      otlpHttp: 4318,
      alertmanager: 9093,
    });
  });

  it('rejects a value that is not a port', () => {
    expect(() => STACK_PORTS({ BILAN_STACK_OTLP_HTTP_PORT: 'http' })).toThrow(
      'BILAN_STACK_OTLP_HTTP_PORT must be a TCP port, got "http"',
    );
  });
});
