/**
 * Tempo, Loki and Prometheus as docker-compose.yml runs them, checked against
 * what the Bilan app and alerts ask of them. Defaults are read from the pinned
 * sources: Tempo v2.8.2 `modules/frontend/config.go` (metrics max_duration 3h)
 * and `modules/generator/processor/localblocks/config.go` (filter_server_spans
 * true), Loki v3.5.5 `pkg/validation/limits.go` (max_query_series 500).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultConfig as alertsConfig } from '@bilan/alerts/src/config';
import { dashboardConfig } from '@bilan/dashboards/src/config';
import { durationSeconds } from '@bilan/dashboards/src/template';
import { DEFAULT_TIME_RANGE } from '@bilan/grafana-plugin/src/constants';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const REPO = join(HERE, '..', '..');
const readYaml = (path: string) => parse(readFileSync(path, 'utf8'));

const tempo = readYaml(join(HERE, 'tempo-config.yaml'));
const loki = readYaml(join(HERE, 'loki-config.yaml'));
const prometheus = readYaml(join(HERE, 'prometheus.yml'));
const compose = readYaml(join(REPO, 'docker-compose.yml'));

const UPSTREAM_DEFAULTS = { tempoMetricsMaxDuration: '3h', lokiMaxQuerySeries: 500 } as const;

/** A Go duration made of h, m and s parts ("168h", "1h30m") in milliseconds. */
function goDurationMs(text: string): number {
  const parts = [...text.matchAll(/(\d+)(h|m|s)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) throw new Error(`not a Go duration: ${text}`);
  const unit = { h: 3_600_000, m: 60_000, s: 1000 } as const;
  return parts.reduce((ms, [, n, u]) => ms + Number(n) * unit[u as keyof typeof unit], 0);
}

/** The length of a relative Grafana range such as `now-7d` → `now`, in milliseconds. */
function relativeRangeMs(from: string): number {
  const m = from.match(/^now-(\d+)([dhm])$/);
  if (!m) throw new Error(`not a relative range start: ${from}`);
  return Number(m[1]) * { d: 86_400_000, h: 3_600_000, m: 60_000 }[m[2] as 'd' | 'h' | 'm'];
}

describe('goDurationMs', () => {
  it('reads hours, minutes and seconds', () => {
    expect(goDurationMs('168h')).toBe(168 * 3_600_000);
    expect(goDurationMs('1h30m')).toBe(90 * 60_000);
    expect(() => goDurationMs('7d')).toThrow('not a Go duration');
  });
});

describe('Tempo (TraceQL metrics and the service map)', () => {
  const appRange = relativeRangeMs(DEFAULT_TIME_RANGE.from);

  it('accepts TraceQL metrics over the app’s default range, which its default would refuse', () => {
    expect(goDurationMs(UPSTREAM_DEFAULTS.tempoMetricsMaxDuration)).toBeLessThan(appRange);
    expect(goDurationMs(tempo.query_frontend.metrics.max_duration)).toBeGreaterThanOrEqual(appRange);
  });

  it('runs the local-blocks and service-graphs processors of the metrics generator', () => {
    expect(tempo.overrides.defaults.metrics_generator.processors).toEqual(
      expect.arrayContaining(['local-blocks', 'service-graphs']),
    );
    expect(tempo.metrics_generator.storage.path).toBeTruthy();
    expect(tempo.metrics_generator.traces_storage.path).toBeTruthy();
  });

  it('keeps turn spans (CLIENT) in the local blocks instead of only server spans', () => {
    expect(tempo.metrics_generator.processor.local_blocks.filter_server_spans).toBe(false);
    expect(tempo.metrics_generator.processor.local_blocks.flush_to_storage).toBe(true);
  });

  it('remote-writes the service graph into the compose Prometheus, which accepts remote write', () => {
    const [target] = tempo.metrics_generator.storage.remote_write;
    expect(target.url).toBe('http://prometheus:9090/api/v1/write');
    expect(compose.services.prometheus.command).toContain('--web.enable-remote-write-receiver');
  });

  it('has data on the volume compose mounts', () => {
    expect(compose.services.tempo.volumes).toContain('tempo-data:/var/tempo');
    for (const path of [tempo.metrics_generator.storage.path, tempo.metrics_generator.traces_storage.path]) {
      expect(path.startsWith('/var/tempo/')).toBe(true);
    }
  });
});

describe('Loki (votes per conversation)', () => {
  it('allows far more series per metric query than its default of 500', () => {
    // One series per conversation; the demo app's 4 users start about 50 conversations a minute.
    const demoConversationsPerDay = 50 * 60 * 24;
    expect(loki.limits_config.max_query_series).toBeGreaterThan(UPSTREAM_DEFAULTS.lokiMaxQuerySeries);
    expect(loki.limits_config.max_query_series).toBeGreaterThanOrEqual(demoConversationsPerDay);
  });
});

describe('Prometheus scrapes every backend the query-latency alert reads', () => {
  /** Where each backend listens inside compose, from its own config. */
  const listens: Record<string, string> = {
    prometheus: 'localhost:9090',
    loki: `loki:${loki.server.http_listen_port}`,
    tempo: `tempo:${tempo.server.http_listen_port}`,
  };

  it('has a scrape job per backend, on the port that backend listens on', () => {
    const targets = (prometheus.scrape_configs as { static_configs: { targets: string[] }[] }[]).flatMap((job) =>
      job.static_configs.flatMap((c) => c.targets),
    );
    const backends = alertsConfig.queryLatency.map((source) => source.backend);
    expect(backends).toEqual(expect.arrayContaining(['prometheus', 'loki', 'tempo']));
    for (const backend of backends) expect(targets, backend).toContain(listens[backend]);
  });
});

describe('Prometheus keeps what the longest range reads', () => {
  it("keeps the dashboards' retention: the longest range and the period before it, which its own 15 days would cut", () => {
    const retention = prometheus.storage?.tsdb?.retention?.time;
    expect(retention).toBe(dashboardConfig.prometheusRetention);
    expect(durationSeconds(retention)).toBeGreaterThanOrEqual(2 * durationSeconds(dashboardConfig.longestRange));
    expect(durationSeconds('15d')).toBeLessThan(2 * durationSeconds(dashboardConfig.longestRange));
  });

  it('sets it in the config file only: the flag is deprecated in Prometheus 3.16', () => {
    const command: string[] = compose.services.prometheus.command;
    expect(command.some((arg) => arg.startsWith('--storage.tsdb.retention'))).toBe(false);
  });
});
