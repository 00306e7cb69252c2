import { describe, expect, it } from 'vitest';
import { dashboardConfig } from '../config';
import { exportFailedRate, ingestRate, receiverLatency, remoteWriteLag } from './pipeline';

describe('per-signal rates', () => {
  it('rate the Collector counters by name alone', () => {
    expect(ingestRate(dashboardConfig)).toEqual([
      {
        expr: 'sum (rate(otelcol_receiver_accepted_spans{receiver!="otlp/counts"}[$__rate_interval]))',
        legendFormat: 'accepted spans',
      },
      {
        expr: 'sum (rate(otelcol_receiver_accepted_log_records{receiver!="otlp/counts"}[$__rate_interval]))',
        legendFormat: 'accepted logs',
      },
    ]);
  });
  it('read a loss counter the Collector has not created yet as 0', () => {
    expect(exportFailedRate(dashboardConfig)[0]?.expr).toBe(
      'sum (rate(otelcol_exporter_send_failed_spans[$__rate_interval])) or vector(0)',
    );
  });
});

describe('receiverLatency', () => {
  it('reads the OTLP routes of the HTTP server histogram', () => {
    expect(receiverLatency(dashboardConfig)[2]?.expr).toBe(
      'histogram_quantile(0.99, sum by (le) (rate(http_server_request_duration_bucket{http_route=~"/v1/.+"}[$__rate_interval])))',
    );
  });
});

describe('remoteWriteLag', () => {
  it('is an instant query filtered by environment and service only', () => {
    expect(remoteWriteLag(dashboardConfig)).toEqual({
      expr: 'time() - max(timestamp(bilan_turns_total{environment=~"$environment", service_name=~"$service"}))',
      legendFormat: 'Seconds since newest sample',
      instant: true,
    });
  });
});
