import { DASHBOARD_UID } from '@bilan/contract';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { bilanDashboard } from './common-dashboard';
import type { DashboardConfig } from './config';
import { lowerIsBetter, neutral, statPanel, timeseriesPanel } from './panels';
import * as q from './queries/pipeline';

/** Bilan / Pipeline health: is telemetry getting from the SDKs into Prometheus, Loki and Tempo? */
export function pipelineHealthDashboard(config: DashboardConfig): dashboard.Dashboard {
  const anyLoss = lowerIsBetter({ warning: Number.MIN_VALUE, critical: 1 });
  return bilanDashboard(config, {
    uid: DASHBOARD_UID.pipelineHealth,
    title: 'Bilan / Pipeline health',
    description:
      'The ingest pipeline: Collector throughput, latency, losses and resources, and analytics query latency.',
    from: 'now-6h',
  })
    .withRow(new dashboard.RowBuilder('Ingest'))
    .withPanel(
      timeseriesPanel(
        {
          title: 'Ingest rate',
          description: 'Spans, log records and metric points the Collector accepted per second.',
          unit: 'short',
          min: 0,
          thresholds: neutral,
          width: 12,
          height: 8,
        },
        q.ingestRate(config),
      ),
    )
    .withPanel(
      timeseriesPanel(
        {
          title: 'Batch size',
          description: 'Items per batch each exporter sends from its queue: small batches mean more export requests.',
          unit: 'short',
          min: 0,
          thresholds: neutral,
          width: 12,
          height: 8,
        },
        q.batchSize(config),
      ),
    )
    .withPanel(
      timeseriesPanel(
        {
          title: 'Receiver latency',
          description: 'P50, P95 and P99 of OTLP/HTTP request handling at the Collector (target: P99 ≤ 20 ms).',
          unit: 's',
          min: 0,
          thresholds: lowerIsBetter(config.receiverLatencySeconds),
          width: 12,
          height: 8,
        },
        q.receiverLatency(config),
      ),
    )
    .withPanel(
      statPanel(
        {
          title: 'Remote-write lag',
          description:
            'Seconds since the newest turn sample reached Prometheus: grows when remote write (or the traffic) stops.',
          unit: 's',
          decimals: 0,
          thresholds: lowerIsBetter(config.remoteWriteLagSeconds),
          width: 12,
          height: 8,
        },
        [q.remoteWriteLag(config)],
      ),
    )
    .withRow(new dashboard.RowBuilder('Losses'))
    .withPanel(
      timeseriesPanel(
        {
          title: 'Refused by receivers',
          description:
            'Items the receivers refused per second (bad payloads, memory-limiter back-pressure). Should be 0.',
          unit: 'short',
          min: 0,
          thresholds: anyLoss,
          width: 8,
          height: 8,
        },
        q.refusedRate(config),
      ),
    )
    .withPanel(
      timeseriesPanel(
        {
          title: 'Failed exports',
          description: 'Items exporters gave up on after retries, per second: data lost to Loki, Tempo or Prometheus.',
          unit: 'short',
          min: 0,
          thresholds: anyLoss,
          width: 8,
          height: 8,
        },
        q.exportFailedRate(config),
      ),
    )
    .withPanel(
      statPanel(
        {
          title: 'Dropped in the SDK',
          description: 'Events the SDKs reported they could not deliver over the range, by reason.',
          unit: 'short',
          decimals: 0,
          thresholds: lowerIsBetter({ warning: 1, critical: 100 }),
          width: 8,
          height: 8,
        },
        [q.sdkDropped(config)],
      ),
    )
    .withPanel(
      timeseriesPanel(
        {
          title: 'Exporter queue fill',
          description: 'Share of each exporter sending queue in use; a full queue drops new data.',
          unit: 'percentunit',
          min: 0,
          max: 1,
          thresholds: lowerIsBetter(config.exporterQueueFill),
          width: 24,
          height: 8,
        },
        [q.exporterQueueFill(config)],
      ),
    )
    .withRow(new dashboard.RowBuilder('Resources and queries'))
    .withPanel(
      timeseriesPanel(
        {
          title: 'Collector memory',
          description: 'Resident memory of each Collector process.',
          unit: 'bytes',
          min: 0,
          thresholds: lowerIsBetter(config.collectorMemoryBytes),
          width: 8,
          height: 8,
        },
        [q.collectorMemory(config)],
      ),
    )
    .withPanel(
      timeseriesPanel(
        {
          title: 'Collector CPU',
          description: 'CPU cores used by each Collector process.',
          unit: 'short',
          min: 0,
          thresholds: lowerIsBetter(config.collectorCpuCores),
          width: 8,
          height: 8,
        },
        [q.collectorCpu(config)],
      ),
    )
    .withPanel(
      timeseriesPanel(
        {
          title: 'Analytics query latency',
          description:
            'Prometheus query evaluation time by quantile: what every dashboard panel waits for (target P95 ≤ 15 ms).',
          unit: 's',
          min: 0,
          thresholds: lowerIsBetter(config.analyticsQuerySeconds),
          width: 8,
          height: 8,
        },
        [q.analyticsQueryLatency(config)],
      ),
    )
    .build();
}
