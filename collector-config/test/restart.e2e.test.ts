import { ATTR, COLLECTOR_METRIC, EVENT } from '@bilan/contract';
import {
  attributeValue,
  collectorCounter,
  freePort,
  type RunningOtlpSink,
  sinkLogRecords,
  startCollector,
  startOtlpSink,
  tempDataDir,
  waitFor,
} from '@bilan/stack';
import { afterAll, describe, expect, it } from 'vitest';
import { otlpLogsRequest, postLogs } from './otlp-json';

const EVENTS = 50;
const running: { stop(): Promise<void> }[] = [];

afterAll(async () => {
  for (const r of running.reverse()) await r.stop();
});

describe('persistent sending queue', () => {
  it('delivers what was accepted while Loki was down or just before the stop, after a Collector restart', async () => {
    // Loki is down from the start: the sink answers 503 but keeps its port, so no other test's
    // server can take it while the records wait (a freed port was reused once in CI).
    const sink: RunningOtlpSink = await startOtlpSink();
    running.push(sink);
    sink.setAvailable(false);
    const dataDir = tempDataDir('restart');
    const env = {
      BILAN_LOKI_OTLP_LOGS_URL: `${sink.url}/otlp/v1/logs`,
      BILAN_TEMPO_OTLP_TRACES_URL: `${sink.url}/v1/traces`,
      BILAN_EXPORT_ENCODING: 'json',
      BILAN_BATCH_TIMEOUT: '100ms',
      // No Prometheus in this test: remote write fails on its own, which is not what is checked.
      BILAN_PROMETHEUS_REMOTE_WRITE_URL: `http://127.0.0.1:${await freePort()}/api/v1/write`,
    };

    let collector = await startCollector({ dataDir, env });
    running.push(collector);
    const markers = Array.from({ length: 2 * EVENTS }, (_, i) => `restart-${i}`);
    const body = (part: string[]) =>
      otlpLogsRequest(
        'restart-app',
        part.map((m) => ({
          eventName: EVENT.journeyStep,
          attributes: { [ATTR.journeyName]: 'restart', [ATTR.journeyStep]: m },
        })),
      );
    expect((await postLogs(collector.otlpHttpUrl, body(markers.slice(0, EVENTS)))).status).toBe(200);
    // The export was tried and failed (the log says so); the records now sit in the queue on disk.
    const lokiExportFailed = (line: string) => line.includes('Exporting failed') && line.includes('otlp_http/loki');
    await waitFor(() => collector.logTail().split('\n').some(lokiExportFailed), {
      timeoutMs: 20_000,
      what: 'a failed export to the unavailable sink',
    });
    expect(
      await collectorCounter(collector.metricsUrl, COLLECTOR_METRIC.exporterQueueSize, { exporter: 'otlp_http/loki' }),
    ).toBeGreaterThan(0);
    // A second part is accepted just before the stop: the shutdown must queue it, not drop it.
    expect((await postLogs(collector.otlpHttpUrl, body(markers.slice(EVENTS)))).status).toBe(200);
    await collector.stop();

    sink.setAvailable(true);
    collector = await startCollector({ dataDir, env });
    running.push(collector);
    const delivered = await waitFor(
      () => {
        const steps = new Set(
          sinkLogRecords(sink.received).map(({ record }) => attributeValue(record.attributes, ATTR.journeyStep)),
        );
        return markers.every((m) => steps.has(m)) && steps;
      },
      { timeoutMs: 30_000, what: 'the queued records to reach the restarted sink' },
    );
    expect(markers.filter((m) => !delivered.has(m))).toEqual([]);
  });
});
