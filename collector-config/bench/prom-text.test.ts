import { describe, expect, it } from 'vitest';
import { parsePromText, sumMetric } from './prom-text';

const EXPOSITION = `# HELP otelcol_receiver_accepted_log_records_total Number of log records successfully pushed into the pipeline.
# TYPE otelcol_receiver_accepted_log_records_total counter
otelcol_receiver_accepted_log_records_total{receiver="otlp",service_name="otelcol-bilan",transport="http"} 1230
otelcol_receiver_accepted_log_records_total{receiver="otlp",service_name="otelcol-bilan",transport="grpc"} 7
otelcol_exporter_queue_size{data_type="logs",exporter="otlp_http/loki"} 0
label_escapes{path="a\\"b\\\\c"} 1.5e3
`;

describe('parsePromText', () => {
  it('reads names, labels and values and skips comments', () => {
    const samples = parsePromText(EXPOSITION);
    expect(samples).toHaveLength(4);
    expect(samples[0]).toEqual({
      name: 'otelcol_receiver_accepted_log_records_total',
      labels: { receiver: 'otlp', service_name: 'otelcol-bilan', transport: 'http' },
      value: 1230,
    });
  });

  describe('edge cases', () => {
    it('unescapes label values and reads exponent notation', () => {
      const last = parsePromText(EXPOSITION)[3];
      expect(last?.labels.path).toBe('a"b\\c');
      expect(last?.value).toBe(1500);
    });

    it('ignores lines that are not samples', () => {
      expect(parsePromText('garbage {\n\n  \n')).toEqual([]);
    });
  });
});

describe('sumMetric', () => {
  const samples = parsePromText(EXPOSITION);

  it('sums every matching series, with or without the _total suffix', () => {
    expect(sumMetric(samples, 'otelcol_receiver_accepted_log_records')).toBe(1237);
    expect(sumMetric(samples, 'otelcol_receiver_accepted_log_records_total')).toBe(1237);
  });

  it('filters by labels', () => {
    expect(sumMetric(samples, 'otelcol_receiver_accepted_log_records', { transport: 'http' })).toBe(1230);
    expect(sumMetric(samples, 'otelcol_receiver_accepted_log_records', { transport: 'udp' })).toBe(0);
  });
});
