import { COLLECTOR_SCRAPE_JOB } from '@bilan/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from './process';
import {
  DEFAULT_RULE_FILES,
  queryPrometheus,
  queryValuesBy,
  type RunningPrometheus,
  renderPrometheusConfig,
  startPrometheus,
} from './prometheus';

describe('renderPrometheusConfig', () => {
  it('scrapes the Collector and itself, loads rules and sends alerts to Alertmanager', () => {
    expect(
      renderPrometheusConfig({
        scrapeTargets: ['127.0.0.1:8888'],
        ruleFiles: ['/rules.yml'],
        alertmanagerUrl: 'http://127.0.0.1:9093',
        evaluationInterval: '1s',
        selfTarget: '127.0.0.1:9090',
      }),
    ).toEqual({
      global: {
        scrape_interval: '5s',
        evaluation_interval: '1s',
        metric_name_validation_scheme: 'legacy',
        metric_name_escaping_scheme: 'underscores',
      },
      scrape_configs: [
        { job_name: COLLECTOR_SCRAPE_JOB, static_configs: [{ targets: ['127.0.0.1:8888'] }] },
        { job_name: 'prometheus', static_configs: [{ targets: ['127.0.0.1:9090'] }] },
      ],
      rule_files: ['/rules.yml'],
      alerting: { alertmanagers: [{ scheme: 'http', static_configs: [{ targets: ['127.0.0.1:9093'] }] }] },
    });
  });

  it('leaves out rules and alerting when there are none', () => {
    expect(renderPrometheusConfig({})).toEqual({
      global: {
        scrape_interval: '5s',
        evaluation_interval: '5s',
        metric_name_validation_scheme: 'legacy',
        metric_name_escaping_scheme: 'underscores',
      },
      scrape_configs: [],
    });
  });
});

describe('startPrometheus (real binary)', () => {
  let prometheus: RunningPrometheus;
  beforeAll(async () => {
    prometheus = await startPrometheus({ ruleFiles: [] });
  });
  afterAll(async () => {
    await prometheus?.stop();
  });

  it('answers instant queries', async () => {
    const [sample] = await queryPrometheus(prometheus.url, 'vector(42)');
    expect(sample?.value[1]).toBe('42');
  });

  it('keys values by a label, or by `all` without one', async () => {
    const byRating =
      'label_replace(vector(3), "rating", "positive", "", "") or label_replace(vector(1), "rating", "negative", "", "")';
    expect(await queryValuesBy(prometheus.url, byRating, 'rating')).toEqual({ positive: 3, negative: 1 });
    expect(await queryValuesBy(prometheus.url, 'vector(7)')).toEqual({ all: 7 });
  });

  it('turns a bad query into an error that names it', async () => {
    await expect(queryPrometheus(prometheus.url, 'sum(')).rejects.toThrow(/Prometheus query failed \(sum\(\)/);
  });

  it('scrapes its own query latency, which the query-latency alert reads', async () => {
    const query = 'prometheus_engine_query_duration_seconds{job="prometheus", slice="inner_eval", quantile="0.99"}';
    const samples = await waitFor(
      async () => {
        const found = await queryPrometheus(prometheus.url, query);
        return found.length > 0 ? found : undefined;
      },
      { timeoutMs: 20_000 },
    );
    expect(samples.length).toBe(1);
  });

  it('has the remote-write receiver on', async () => {
    const res = await fetch(prometheus.remoteWriteUrl, { method: 'POST', body: 'not snappy' });
    expect(res.status).toBe(400); // 404 would mean the receiver is off
  });
});

describe('startPrometheus defaults', () => {
  it("loads the alerts' rules and the dashboards' roll-ups", async () => {
    const prometheus = await startPrometheus();
    try {
      const res = await fetch(`${prometheus.url}/api/v1/rules`);
      const body = (await res.json()) as { data: { groups: { file: string }[] } };
      const files = new Set(body.data.groups.map((group) => group.file));
      expect([...files].sort()).toEqual([...DEFAULT_RULE_FILES].sort());
    } finally {
      await prometheus.stop();
    }
  });
});
