import { describe, expect, it } from 'vitest';
import { histogramQuantileBetween, parsePromText, sumMetric } from './prom-text';

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

describe('histogramQuantileBetween', () => {
  const scrape = (counts: [string, number][]) =>
    parsePromText(
      counts
        .flatMap(([le, n]) => [`h_bucket{route="/a",le="${le}"} ${n / 2}`, `h_bucket{route="/b",le="${le}"} ${n / 2}`])
        .join('\n'),
    );
  const before = scrape([
    ['0.005', 10],
    ['0.01', 10],
    ['0.025', 10],
    ['+Inf', 10],
  ]);

  it('interpolates inside the bucket holding the quantile, over the interval only', () => {
    const after = scrape([
      ['0.005', 60],
      ['0.01', 100],
      ['0.025', 110],
      ['+Inf', 110],
    ]);
    // 100 new observations: 50 ≤ 5 ms, 40 in (5, 10] ms, 10 in (10, 25] ms.
    expect(histogramQuantileBetween(before, after, 'h', 0.5)).toBeCloseTo(0.005);
    expect(histogramQuantileBetween(before, after, 'h', 0.99)).toBeCloseTo(0.0235);
  });

  describe('edge cases', () => {
    it('is NaN when nothing was observed', () => {
      expect(histogramQuantileBetween(before, before, 'h', 0.99)).toBeNaN();
    });

    it('answers the highest finite bound when the quantile falls in +Inf', () => {
      const after = scrape([
        ['0.005', 10],
        ['0.01', 10],
        ['0.025', 11],
        ['+Inf', 20],
      ]);
      expect(histogramQuantileBetween(before, after, 'h', 0.99)).toBe(0.025);
    });
  });
});
