// End to end on the local stack: events from @bilan/sdk/node through the real Collector into real
// Prometheus, which evaluates the rules rendered from this package and hands the alert to real
// Alertmanager, which posts it to a webhook on 127.0.0.1. Windows and `for` are shortened through a
// config override of the same source; the shipped files keep the real values.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBilan } from '@bilan/sdk/node';
import {
  queryPrometheus,
  type RunningAlertmanager,
  type RunningPipeline,
  startAlertmanager,
  startPipeline,
  waitFor,
} from '@bilan/stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AlertsConfig, defaultConfig } from './config';
import { renderAlertmanagerConfig } from './render-alertmanager';
import { renderPrometheusRules } from './render-prometheus';
import { alertGroups } from './rules';
import { startWebhookReceiver, type WebhookDelivery } from './webhook-receiver';

/**
 * Same rules, fast: 1s evaluation; trust over 1m, 5 votes minimum, 5s `for`; the pipeline is dead
 * after 15s without events (+5s `for`) following 10 events in the 10 minutes before.
 */
const fastConfig: AlertsConfig = {
  ...defaultConfig,
  evaluationInterval: '1s',
  trustWindow: '1m',
  trustMinVotes: 5,
  trustFor: '5s',
  pipelineDeadWindow: '15s',
  pipelineDeadFor: '5s',
  pipelineNormalWindow: '10m',
  pipelineNormalMinEvents: 10,
  notify: { ...defaultConfig.notify, critical: { groupWait: '1s', repeatInterval: '1h' } },
};

const SERVICE = 'e2e-support-bot';
const FEATURE = 'refunds';

/** Awaits `waiting`; if it fails, adds what Prometheus holds for `queries` to the error, for a readable failure. */
async function withDiagnosis<T>(prometheusUrl: string, queries: string[], waiting: Promise<T>): Promise<T> {
  try {
    return await waiting;
  } catch (error) {
    const seen = await Promise.all(
      queries.map(async (q) => `${q} => ${JSON.stringify(await queryPrometheus(prometheusUrl, q).catch(String))}`),
    );
    throw new Error(`${(error as Error).message}\nPrometheus holds:\n${seen.join('\n')}`);
  }
}

/**
 * Turns and votes every 250 ms until stopped, so every rate over the Collector's own
 * histograms sees an increase between two scrapes, however late the first scrape comes.
 */
function startSteadyTraffic(collectorUrl: string, service: string): { stop(): Promise<void> } {
  const bilan = initBilan({
    endpoint: collectorUrl,
    serviceName: service,
    environment: 'e2e',
    batch: { maxEvents: 50, intervalMs: 100 },
    exportTimeoutMs: 1000,
    onError: () => {}, // exports fail once a test stops the Collector: expected there
  });
  let sending = true;
  const traffic = (async () => {
    while (sending) {
      const { turn } = await bilan.trackTurn(async () => 'answer', { feature: FEATURE, model: 'gpt-4o' });
      bilan.vote(turn, 1);
      bilan.reportPageLoad(1.2);
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  return {
    async stop() {
      sending = false;
      await traffic;
      await bilan.shutdown();
    },
  };
}

describe('alerts on the real stack: SDK, Collector, Prometheus, Alertmanager, webhook', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bilan-alerts-e2e-'));
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let alertmanager: RunningAlertmanager | undefined;
  let pipeline: RunningPipeline | undefined;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    const amConfig = join(dir, 'alertmanager-config.yml');
    writeFileSync(amConfig, renderAlertmanagerConfig(fastConfig, `${receiver.url}/bilan`));
    alertmanager = await startAlertmanager({ configFile: amConfig });
    const rules = join(dir, 'prometheus-rules.yml');
    writeFileSync(rules, renderPrometheusRules(fastConfig));
    pipeline = await startPipeline({ ruleFiles: [rules], alertmanagerUrl: alertmanager.url });
  }, 60_000);

  afterAll(async () => {
    await pipeline?.stop();
    await alertmanager?.stop();
    await receiver?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('fires BilanTrustScoreLow in Prometheus and delivers it to the critical webhook', async () => {
    if (!pipeline) throw new Error('pipeline did not start');
    const bilan = initBilan({
      endpoint: pipeline.collector.otlpHttpUrl,
      serviceName: SERVICE,
      environment: 'e2e',
      batch: { maxEvents: 50, intervalMs: 100 },
    });
    // Ten rounds, a second apart, of nine down-votes and one up-vote: trust 10%, 100 votes.
    for (let round = 0; round < 10; round++) {
      for (let i = 0; i < 10; i++) {
        const { turn } = await bilan.trackTurn(async () => 'answer', { feature: FEATURE, model: 'gpt-4o' });
        bilan.vote(turn, i === 0 ? 1 : -1);
      }
      bilan.reportPageLoad(1.2);
      await bilan.flush();
      await new Promise((r) => setTimeout(r, 1000));
    }
    await bilan.shutdown();

    const prometheusUrl = pipeline.prometheus.url;
    const firing = await withDiagnosis(
      prometheusUrl,
      [
        `bilan_votes_total{service_name="${SERVICE}"}`,
        'bilan:trust_score:ratio_rate1m',
        'bilan:votes:increase1m',
        'ALERTS',
      ],
      waitFor(
        async () => {
          const alerts = await queryPrometheus(
            prometheusUrl,
            'ALERTS{alertname="BilanTrustScoreLow", alertstate="firing"}',
          );
          return alerts.length > 0 && alerts;
        },
        { timeoutMs: 60_000, intervalMs: 1000, what: 'BilanTrustScoreLow firing in Prometheus' },
      ),
    );
    expect(firing[0]?.metric).toMatchObject({
      severity: 'critical',
      service_name: SERVICE,
      feature: FEATURE,
      environment: 'e2e',
    });
    const [score] = await queryPrometheus(prometheusUrl, `bilan:trust_score:ratio_rate1m{service_name="${SERVICE}"}`);
    expect(Number(score?.value[1])).toBeLessThan(0.6);

    const delivery = await waitFor<WebhookDelivery>(
      () => receiver.deliveries.find((d) => d.body.alerts.some((a) => a.labels.alertname === 'BilanTrustScoreLow')),
      { timeoutMs: 30_000, intervalMs: 500, what: 'the alert at the webhook' },
    );
    expect(delivery.path).toBe('/bilan/critical');
    expect(delivery.body.receiver).toBe('bilan-oncall');
    const alert = delivery.body.alerts.find((a) => a.labels.alertname === 'BilanTrustScoreLow');
    expect(alert?.status).toBe('firing');
    expect(alert?.labels).toMatchObject({ severity: 'critical', service_name: SERVICE, feature: FEATURE });
    expect(alert?.annotations.summary).toBe('Users distrust an AI feature');
    expect(alert?.annotations.description).toMatch(
      /^Only \d+(\.\d+)?% of the votes on refunds in e2e-support-bot \(e2e\)/,
    );
    expect(alert?.annotations.runbook_url).toMatch(/RUNBOOK\.md#bilantrustscorelow$/);
    // Nothing reached the warning receiver: the trust drop has no 7-day history to drop against.
    expect(receiver.deliveries.filter((d) => d.path === '/bilan/warning')).toEqual([]);
  }, 150_000);

  // Query latency needs Loki, Tempo or a Prometheus scraping itself, SDK drops need a failing
  // export, and missing roll-up hours and days need the dashboards' roll-up groups over a day or a
  // week: the local stack has none of them, so promtool alone covers those four.
  const NOT_FED_BY_THE_LOCAL_STACK = [
    'BilanQueryLatencyHigh',
    'BilanSdkDroppingEvents',
    'BilanRollupHourMissing',
    'BilanRollupDayMissing',
  ];

  it('every other rule reads series the real stack produces, under the names and labels it uses', async () => {
    if (!pipeline) throw new Error('pipeline did not start');
    const prometheusUrl = pipeline.prometheus.url;
    const traffic = startSteadyTraffic(pipeline.collector.otlpHttpUrl, 'e2e-every-rule');
    try {
      await expectEveryRuleFed(prometheusUrl);
    } finally {
      await traffic.stop();
    }
  }, 120_000);

  async function expectEveryRuleFed(prometheusUrl: string): Promise<void> {
    for (const rule of alertGroups(fastConfig).flatMap((g) => g.rules)) {
      if (NOT_FED_BY_THE_LOCAL_STACK.includes(rule.alert)) continue;
      const samples = await withDiagnosis(
        prometheusUrl,
        [rule.value],
        waitFor(
          async () => {
            const result = await queryPrometheus(prometheusUrl, rule.value);
            return result.some((s) => Number.isFinite(Number(s.value[1]))) && result;
          },
          { timeoutMs: 30_000, intervalMs: 1000, what: `a finite value for ${rule.alert}: ${rule.value}` },
        ),
      );
      expect(samples.length, rule.alert).toBeGreaterThan(0);
    }
  }

  // Last: it stops the Collector.
  it('fires BilanPipelineDead when the Collector goes down under steady traffic, and pages', async () => {
    if (!pipeline) throw new Error('pipeline did not start');
    const prometheusUrl = pipeline.prometheus.url;
    const service = 'e2e-outage';
    const deadAlert = `ALERTS{alertname="BilanPipelineDead", service_name="${service}"}`;
    const traffic = startSteadyTraffic(pipeline.collector.otlpHttpUrl, service);
    try {
      await waitFor(
        async () => (await queryPrometheus(prometheusUrl, `bilan_turns_total{service_name="${service}"}`)).length > 0,
        { timeoutMs: 20_000, intervalMs: 500, what: 'the outage service in Prometheus' },
      );
      await new Promise((r) => setTimeout(r, 20_000)); // more than the silence window with events flowing
      expect(await queryPrometheus(prometheusUrl, deadAlert), 'no alert while events flow').toEqual([]);

      await pipeline.collector.stop();
      const firing = await waitFor(
        async () => {
          const alerts = await queryPrometheus(prometheusUrl, `${deadAlert.slice(0, -1)}, alertstate="firing"}`);
          return alerts.length > 0 && alerts;
        },
        { timeoutMs: 60_000, intervalMs: 1000, what: 'BilanPipelineDead firing' },
      );
      expect(firing[0]?.metric).toMatchObject({ severity: 'critical', environment: 'e2e' });
      const delivery = await waitFor<WebhookDelivery>(
        () =>
          receiver.deliveries.find((d) =>
            d.body.alerts.some((a) => a.labels.alertname === 'BilanPipelineDead' && a.labels.service_name === service),
          ),
        { timeoutMs: 30_000, intervalMs: 500, what: 'BilanPipelineDead at the webhook' },
      );
      expect(delivery.path).toBe('/bilan/critical');
      const alert = delivery.body.alerts.find((a) => a.labels.service_name === service);
      expect(alert?.annotations.description).toBe(
        'e2e-outage (e2e) had normal traffic, but 0 events arrived in the last 15s: the SDK, the Collector or remote write is down.',
      );
    } finally {
      await traffic.stop();
    }
  }, 150_000);
});
