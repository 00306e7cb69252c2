import { describe, expect, it } from 'vitest';
import { sumMetricSamples } from './collector';

describe('sumMetricSamples', () => {
  const text = [
    '# HELP otelcol_receiver_accepted_log_records_total Log records accepted.',
    'otelcol_receiver_accepted_log_records_total{receiver="otlp",transport="http"} 7',
    'otelcol_receiver_accepted_log_records_total{receiver="otlp",transport="grpc"} 3',
    'otelcol_receiver_accepted_log_records_total_extra{receiver="otlp"} 100',
    'otelcol_process_uptime 12.5',
  ].join('\n');

  it('adds every label set of the named metric and nothing with a longer name', () => {
    expect(sumMetricSamples(text, 'otelcol_receiver_accepted_log_records_total')).toBe(10);
  });

  it('reads a metric without labels, and 0 for one not exposed yet', () => {
    expect(sumMetricSamples(text, 'otelcol_process_uptime')).toBe(12.5);
    expect(sumMetricSamples(text, 'otelcol_exporter_send_failed_log_records_total')).toBe(0);
  });

  it('keeps only the label sets holding every given label value', () => {
    const both = `${text}\notelcol_receiver_accepted_log_records_total{receiver="otlp/counts",transport="http"} 50`;
    expect(sumMetricSamples(both, 'otelcol_receiver_accepted_log_records_total')).toBe(60);
    expect(sumMetricSamples(both, 'otelcol_receiver_accepted_log_records_total', { receiver: 'otlp' })).toBe(10);
    expect(
      sumMetricSamples(both, 'otelcol_receiver_accepted_log_records_total', { receiver: 'otlp', transport: 'grpc' }),
    ).toBe(3);
    expect(sumMetricSamples(both, 'otelcol_receiver_accepted_log_records_total', { transport: 'udp' })).toBe(0);
  });
});
