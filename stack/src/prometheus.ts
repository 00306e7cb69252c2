import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { COLLECTOR_SCRAPE_JOB } from '@bilan/contract';
import { stringify } from 'yaml';
import { freePort, REPO_ROOT, requireBinary, startProcess, tempDataDir } from './process';

/** Prometheus 3.16 and its promtool, pinned and built by scripts/install-prometheus.sh. */
export const PROMETHEUS_BIN = join(REPO_ROOT, '.tools', 'bin', 'prometheus');
export const PROMTOOL_BIN = join(REPO_ROOT, '.tools', 'bin', 'promtool');
/** What to tell a user whose machine lacks them. */
export const PROMETHEUS_INSTALL_HINT = 'run scripts/install-prometheus.sh (or scripts/prepare-machine.sh); it needs Go';
/** Rule files loaded by default, each when it exists: the alerts' rules and the dashboards' roll-ups (hourly and daily groups). */
export const DEFAULT_RULE_FILES = [
  join(REPO_ROOT, 'alerts', 'prometheus-rules.yml'),
  join(REPO_ROOT, 'dashboards', 'recording-rules.yml'),
];

export interface PrometheusConfigOptions {
  /** host:port targets exposing the Collector's own metrics. */
  scrapeTargets?: string[];
  ruleFiles?: string[];
  /** Alertmanager base URL, e.g. http://127.0.0.1:9093. */
  alertmanagerUrl?: string;
  evaluationInterval?: string;
  scrapeInterval?: string;
  /** host:port of this Prometheus itself, scraped so its query latency feeds the alerts and dashboards. */
  selfTarget?: string;
}

/** Job name of Prometheus's own metrics. */
export const PROMETHEUS_SCRAPE_JOB = 'prometheus';

/** The Prometheus configuration (prometheus-config.yaml) as an object. */
export function renderPrometheusConfig(options: PrometheusConfigOptions): Record<string, unknown> {
  const config: Record<string, unknown> = {
    global: {
      scrape_interval: options.scrapeInterval ?? '5s',
      evaluation_interval: options.evaluationInterval ?? '5s',
      // Prometheus 3 asks targets for UTF-8 names by default, and the Collector then exposes its
      // HTTP server metrics with dots (http.server.request.duration); the dashboards and alerts
      // read the underscore names (config/config.go, v0.316.0).
      metric_name_validation_scheme: 'legacy',
      metric_name_escaping_scheme: 'underscores',
    },
    scrape_configs: [
      ...(options.scrapeTargets?.length
        ? [{ job_name: COLLECTOR_SCRAPE_JOB, static_configs: [{ targets: options.scrapeTargets }] }]
        : []),
      ...(options.selfTarget
        ? [{ job_name: PROMETHEUS_SCRAPE_JOB, static_configs: [{ targets: [options.selfTarget] }] }]
        : []),
    ],
  };
  if (options.ruleFiles?.length) config.rule_files = options.ruleFiles;
  if (options.alertmanagerUrl) {
    const url = new URL(options.alertmanagerUrl);
    config.alerting = {
      alertmanagers: [{ scheme: url.protocol.replace(':', ''), static_configs: [{ targets: [url.host] }] }],
    };
  }
  return config;
}

export interface StartPrometheusOptions extends PrometheusConfigOptions {
  dataDir?: string;
  port?: number;
  extraArgs?: string[];
}

export interface RunningPrometheus {
  url: string;
  remoteWriteUrl: string;
  pid: number;
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * Starts the pinned Prometheus 3 on 127.0.0.1 with the one feature the pipeline needs: the
 * remote-write receiver (`--web.enable-remote-write-receiver`), which takes the Collector's samples.
 */
export async function startPrometheus(options: StartPrometheusOptions = {}): Promise<RunningPrometheus> {
  const bin = requireBinary(PROMETHEUS_BIN, PROMETHEUS_INSTALL_HINT);
  const dataDir = options.dataDir ?? tempDataDir('prometheus');
  const ruleFiles = options.ruleFiles ?? DEFAULT_RULE_FILES.filter((file) => existsSync(file));
  const configFile = join(dataDir, 'prometheus-config.yaml');
  const port = options.port ?? (await freePort());
  writeFileSync(
    configFile,
    stringify(renderPrometheusConfig({ ...options, ruleFiles, selfTarget: `127.0.0.1:${port}` })),
  );
  const url = `http://127.0.0.1:${port}`;
  const proc = await startProcess({
    name: 'prometheus',
    command: bin,
    args: [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(dataDir, 'tsdb')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--web.enable-remote-write-receiver',
      '--web.enable-lifecycle',
      ...(options.extraArgs ?? []),
    ],
    healthUrl: `${url}/-/ready`,
  });
  return { url, remoteWriteUrl: `${url}/api/v1/write`, pid: proc.pid, dataDir, stop: proc.stop };
}

export interface PromSample {
  metric: Record<string, string>;
  value: [number, string];
}

/** Runs an instant query through Prometheus's HTTP API and returns the result vector. */
export async function queryPrometheus(url: string, promql: string, time?: number): Promise<PromSample[]> {
  const params = new URLSearchParams({ query: promql });
  if (time !== undefined) params.set('time', String(time));
  const res = await fetch(`${url}/api/v1/query?${params}`);
  const body = (await res.json()) as {
    status: string;
    error?: string;
    data?: { resultType: string; result: PromSample[] };
  };
  if (body.status !== 'success' || !body.data)
    throw new Error(`Prometheus query failed (${promql}): ${body.error ?? res.status}`);
  if (body.data.resultType !== 'vector')
    throw new Error(`expected a vector from ${promql}, got ${body.data.resultType}`);
  return body.data.result;
}

/** An instant query's values keyed by the `by` label of each sample (`all` when `by` is empty). */
export async function queryValuesBy(url: string, promql: string, by = ''): Promise<Record<string, number>> {
  const result = await queryPrometheus(url, promql);
  return Object.fromEntries(result.map((s) => [by ? String(s.metric[by]) : 'all', Number(s.value[1])]));
}
