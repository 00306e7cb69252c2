/**
 * Trust by feature as the app, the Trust overview dashboard and the alert rules read it, on
 * votes sent through the real SDK, Collector and Prometheus (with the dashboards' roll-ups and
 * the alerts' recording rules loaded), compared exactly with what was sent. A feature whose
 * every vote is negative must read 0 in all three, never "no data".
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type AlertsConfig, defaultConfig, recordingRuleNames } from '@bilan/alerts';
import { renderPrometheusRules } from '@bilan/alerts/src/render-prometheus';
import { LABEL, SERIES } from '@bilan/contract';
import { dashboardConfig } from '@bilan/dashboards/src/config';
import { trustScoreBy } from '@bilan/dashboards/src/queries/trust';
import { dashboardRuleGroups } from '@bilan/dashboards/src/recording-rules';
import { renderRuleFile } from '@bilan/dashboards/src/rule-file';
import { queryPrometheus, type RunningPipeline, startPipeline, type WorkloadPlan, waitFor } from '@bilan/stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLUGIN_ROOT } from '../scripts/paths';
import { buildVoteCount, buildVotesByRating } from '../src/services/promql';
import { toVariantCounts } from '../src/utils/frames';
import { trustScore } from '../src/utils/trust';
import { endingNow, interpolate } from './interpolate';

const SERVICE = 'bilan-exact-trust';
type Votes = Record<string, readonly (1 | -1)[]>;
/** Votes per feature in two batches a few seconds apart (a new user's first minutes): `hated` has only negative ones. */
const BATCHES: readonly Votes[] = [{ hated: [-1, -1, -1, -1], solo: [1], mixed: [1, 1, 1, -1] }, { mixed: [1, 1] }];
const VOTES: Votes = {};
for (const batch of BATCHES)
  for (const [feature, votes] of Object.entries(batch)) VOTES[feature] = [...(VOTES[feature] ?? []), ...votes];
const TRUTH = Object.fromEntries(
  Object.entries(VOTES).map(([feature, votes]) => [feature, votes.filter((v) => v > 0).length / votes.length]),
);
const VARIABLES = { service: SERVICE, environment: '.*', feature: '.*', model: '.*', prompt_version: '.*' };
/** How often the roll-ups run here (2 s windows) instead of hourly. */
const ROLLUP_INTERVAL = '2s';
/** The alerts' rules, evaluated every second over a 10-minute trust window. */
const ALERTS: AlertsConfig = { ...defaultConfig, evaluationInterval: '1s', trustWindow: '10m' };

function plan(batch: Votes): WorkloadPlan {
  const votes = Object.entries(batch).flatMap(([feature, values]) => values.map((value) => ({ feature, value })));
  return {
    serviceName: SERVICE,
    environment: 'test',
    turns: votes.map(({ feature }, i) => ({
      feature,
      model: 'gpt-4o',
      promptVersion: 'v1',
      conversationId: `conversation-${i}`,
      inputTokens: 10,
      outputTokens: 20,
      durationMs: 100,
    })),
    votes: votes.map(({ value }, turn) => ({ turn, value })),
    conversationFeedback: [],
    conversationsStarted: [],
    conversationsEnded: [],
    journeySteps: [],
    journeysEnded: [],
    regenerations: [],
    pageLoadsSeconds: [],
    dropped: [],
  };
}

/** An instant query over the last hour, sent as Grafana sends it (filters "All", our service). */
async function query(panelQuery: string) {
  const now = await endingNow(pipeline.prometheus.url, ROLLUP_INTERVAL);
  return queryPrometheus(
    pipeline.prometheus.url,
    interpolate(panelQuery, { ...VARIABLES, ...now.variables }),
    now.timeSeconds,
  );
}

/** Trust by feature from an instant query's answer. */
async function byFeature(panelQuery: string): Promise<Record<string, number>> {
  const samples = await query(panelQuery);
  return Object.fromEntries(samples.map((s) => [s.metric[LABEL.feature] ?? '', Number(s.value[1])]));
}

let pipeline: RunningPipeline;
const ruleDir = mkdtempSync(join(tmpdir(), 'bilan-exact-trust-'));
const dashboardsTrust = trustScoreBy(dashboardConfig, LABEL.feature).expr;
const alertsTrust = `${recordingRuleNames(ALERTS).trustScore}{service_name="${SERVICE}"}`;

beforeAll(async () => {
  const rollups = join(ruleDir, 'rollups.yml');
  writeFileSync(rollups, renderRuleFile(dashboardRuleGroups(ROLLUP_INTERVAL)));
  const alerts = join(ruleDir, 'alerts.yml');
  writeFileSync(alerts, renderPrometheusRules(ALERTS));
  pipeline = await startPipeline({ ruleFiles: [rollups, alerts] });
  const tsx = join(PLUGIN_ROOT, '..', 'node_modules', 'tsx', 'dist', 'cli.mjs');
  for (const [i, batch] of BATCHES.entries()) {
    if (i > 0) await new Promise((r) => setTimeout(r, 5000));
    await promisify(execFile)(process.execPath, [
      tsx,
      join(PLUGIN_ROOT, 'tests/send-plan.ts'),
      pipeline.collector.otlpHttpUrl,
      JSON.stringify(plan(batch)),
    ]);
  }
  // Until every vote is stored and the alerts' rule ran for every feature more than two seconds (two of
  // its evaluations) after the newest vote sample's time, so that run saw it.
  const sent = Object.values(VOTES).flat().length;
  const newestVote = `max(timestamp(${SERIES.votes.name}{service_name="${SERVICE}"}))`;
  const alertsSawIt = `timestamp(${alertsTrust}) > scalar(${newestVote}) + 2`;
  await waitFor(
    async () => {
      const counted = (await query(buildVotesByRating([]))).reduce((n, s) => n + Number(s.value[1]), 0);
      const features = Object.keys(await byFeature(alertsSawIt)).length;
      return counted === sent && features === Object.keys(VOTES).length;
    },
    { timeoutMs: 120_000, what: `${sent} votes stored and the alerts' rules run since, for every feature` },
  );
}, 180_000);

afterAll(async () => {
  await pipeline?.stop();
  rmSync(ruleDir, { recursive: true, force: true });
});

describe('trust by feature equals the share of positive votes sent, 0 for the all-negative feature', () => {
  // The app's PromQL trust ratio is the dashboards' own (`trustRatio`), checked below; the app ranks by its own ratio.
  it('in the app: the ratio it computes from votes by rating', async () => {
    const samples = await query(buildVotesByRating([LABEL.feature]));
    const counts = toVariantCounts(
      samples.map((s) => ({ labels: s.metric, value: Number(s.value[1]) })),
      LABEL.feature,
    );
    expect(Object.fromEntries(counts.map((c) => [c.key, trustScore(c)]))).toEqual(TRUTH);
    // The counts behind them, and the Votes stat, are the integers sent.
    expect(Object.fromEntries(counts.map((c) => [c.key, c.total]))).toEqual(
      Object.fromEntries(Object.entries(VOTES).map(([feature, votes]) => [feature, votes.length])),
    );
    const [votes] = await query(buildVoteCount());
    expect(votes?.value[1]).toBe(String(Object.values(VOTES).flat().length));
  });

  it('in the Trust overview dashboard', async () => {
    expect(await byFeature(dashboardsTrust)).toEqual(TRUTH);
  });

  it("in the alerts' trust score", async () => {
    expect(await byFeature(alertsTrust)).toEqual(TRUTH);
  });
});
