/**
 * Every PromQL the app's pages issue, run against real Prometheus holding real
 * pipeline data: the reference workload sent through @bilan/sdk to our Collector,
 * remote-written into Prometheus (@bilan/stack). Queries are collected by walking
 * the scenes, so a new panel is checked without touching this file.
 */

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SERIES, sumCountOverRange } from '@bilan/contract';
import { dashboardRuleGroups, PHASE_QUERY, ROLLUPS } from '@bilan/dashboards/src/recording-rules';
import { renderRuleFile } from '@bilan/dashboards/src/rule-file';
import { queryPrometheus, type RunningPipeline, startPipeline, waitFor } from '@bilan/stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLUGIN_ROOT } from '../scripts/paths';
import { VAR } from '../src/constants';
import { PAGES } from '../src/pages';
import {
  buildJourneySteps,
  buildJourneysEnded,
  buildTrustChange,
  buildTrustScore,
  buildVoteCount,
  buildVotesByRating,
} from '../src/services/promql';
import { readLabeledValues, toFunnels, toVariantCounts } from '../src/utils/frames';
import { resolveDatasources } from '../src/utils/settings';
import { rankByLowerBound } from '../src/utils/trust';
import { endingNow, interpolate } from './interpolate';
import { collectQueries } from './scene-queries';

const SERVICE = 'bilan-plugin-test';
/** How often the roll-ups run here (2 s windows) instead of hourly. */
const ROLLUP_INTERVAL = '2s';
/** What the variables hold when a user picks "All" (allValue `.*`) and our service. */
const ALL: Record<string, string> = {
  [VAR.service]: SERVICE,
  [VAR.environment]: '.*',
  [VAR.feature]: '.*',
  [VAR.model]: '.*',
  [VAR.promptVersion]: '.*',
};

let pipeline: RunningPipeline;
const ruleDir = mkdtempSync(join(tmpdir(), 'bilan-app-rules-'));

/** Events counted in a series for our service over the last hour, 0 while Prometheus has none. */
async function total(series: string): Promise<number> {
  const count = sumCountOverRange(`${series}{service_name="${SERVICE}"}`, '1h');
  const [sample] = await queryPrometheus(pipeline.prometheus.url, count);
  return Number(sample?.value[1] ?? 0);
}

beforeAll(async () => {
  // The app reads the dashboards' roll-ups: recorded every 2 s here (2 s windows) instead of hourly.
  const ruleFile = join(ruleDir, 'rollups.yml');
  writeFileSync(ruleFile, renderRuleFile(dashboardRuleGroups(ROLLUP_INTERVAL)));
  pipeline = await startPipeline({ ruleFiles: [ruleFile] });
  const tsx = join(PLUGIN_ROOT, '..', 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const send = () =>
    promisify(execFile)(process.execPath, [
      tsx,
      join(PLUGIN_ROOT, 'tests/send-workload.ts'),
      pipeline.collector.otlpHttpUrl,
      SERVICE,
    ]);
  // Once: each flush's count is a sample of its own, so the first batch is counted like any other.
  await send();
  await waitFor(
    async () =>
      (await total(SERIES.votes.name)) === 1000 &&
      (await total(SERIES.journeysEnded.name)) === 10 &&
      (await instantValues(buildVoteCount()))[0]?.value === 1000 &&
      // Lines over time count each step from the roll-ups alone: wait until they hold every vote too.
      (await total(ROLLUPS.allVotes.narrow[0]?.series.name ?? '')) === 1000,
    { timeoutMs: 60_000, what: 'the reference workload in Prometheus, in the raw counts and the roll-ups' },
  );
}, 180_000);

afterAll(async () => {
  await pipeline?.stop();
  rmSync(ruleDir, { recursive: true, force: true });
});

/** Prometheus's answer to a range query, as a typed error or the series list. */
async function queryRange(expr: string): Promise<unknown[]> {
  const end = Date.now() / 1000;
  const params = new URLSearchParams({ query: expr, start: String(end - 600), end: String(end), step: '15' });
  const res = await fetch(`${pipeline.prometheus.url}/api/v1/query_range?${params}`);
  const body = (await res.json()) as { status: string; error?: string; data?: { result: unknown[] } };
  if (body.status !== 'success') throw new Error(`${body.error} in ${expr}`);
  return body.data?.result ?? [];
}

const defaults = resolveDatasources(undefined);
const promql = PAGES.flatMap((page) =>
  collectQueries(page.build(defaults))
    .filter((q) => q.datasource.type === 'prometheus' && q.kind === 'panel')
    .map((q) => ({ page: page.route, ...q })),
);

/** An instant query over the last hour as Grafana sends it, "All" filters: its interpolated PromQL and time. */
async function asSent(query: string): Promise<{ expr: string; timeSeconds: number }> {
  const now = await endingNow(pipeline.prometheus.url, ROLLUP_INTERVAL);
  return { expr: interpolate(query, { ...ALL, ...now.variables }), timeSeconds: now.timeSeconds };
}

/** Prometheus's instant-query answer as frames-like labelled values. */
async function instantValues(query: string) {
  const { expr, timeSeconds } = await asSent(query);
  const samples = await queryPrometheus(pipeline.prometheus.url, expr, timeSeconds);
  return samples.map((s) => ({ labels: s.metric, value: Number(s.value[1]) }));
}

describe('every PromQL of every page against real Prometheus', () => {
  it('collects a query from every page that reads Prometheus', () => {
    expect(new Set(promql.map((q) => q.page))).toEqual(new Set(['overview', 'turns', 'journeys', 'compare']));
    expect(promql.length).toBeGreaterThanOrEqual(15);
  });

  it('runs each one without error and each returns data', async () => {
    const empty: string[] = [];
    for (const q of promql) {
      const result = q.instant ? await instantValues(q.text) : await queryRange(interpolate(q.text, ALL));
      if (result.length === 0) empty.push(`${q.page}: ${q.text}`);
    }
    // The trend compares with the range before this one, which a fresh Prometheus has no data for. Turn
    // latency comes from a histogram that stays a cumulative counter (collector-config/README.md,
    // "Counting"): its rate sees nothing until a series' second flush, and the workload is sent once.
    const latency = SERIES.turnDuration.name.replace(/^bilan_/, '');
    const expected = promql.filter((q) => q.text === buildTrustChange() || q.text.includes(latency));
    expect(empty).toEqual(expected.map((q) => `${q.page}: ${q.text}`));
    expect(expected.filter((q) => q.text === buildTrustChange())).toHaveLength(1);
  });

  it("answers the roll-ups' phase, within their window", async () => {
    const params = new URLSearchParams({ query: PHASE_QUERY });
    const body = (await (await fetch(`${pipeline.prometheus.url}/api/v1/query?${params}`)).json()) as {
      data: { resultType: string; result: [number, string] };
    };
    expect(body.data.resultType).toBe('scalar');
    const phase = Number(body.data.result[1]);
    expect(phase).toBeGreaterThanOrEqual(0);
    expect(phase).toBeLessThan(2);
  });

  it('answers every filter variable from the series labels', async () => {
    const variables = PAGES.flatMap((p) => collectQueries(p.build(defaults)).filter((q) => q.kind === 'variable'));
    for (const v of variables.filter((q) => q.text.startsWith('label_values('))) {
      const [, metric, label] = v.text.match(/^label_values\((\w+), (\w+)\)$/) ?? [];
      expect(metric, v.text).toBeDefined();
      const params = new URLSearchParams({ 'match[]': `${metric}{service_name="${SERVICE}"}` });
      const res = await fetch(`${pipeline.prometheus.url}/api/v1/label/${label}/values?${params}`);
      const values = ((await res.json()) as { data: string[] }).data;
      expect(values.length, v.text).toBeGreaterThan(0);
    }
  });
});

describe('the numbers the app shows, from pipeline data', () => {
  it('trust score is the reference share of positive votes, 730 of 1,000', async () => {
    const [trust] = await instantValues(buildTrustScore());
    expect(trust?.value).toBe(0.73);
  });

  it('ranks the reference prompt versions and models with Wilson intervals', async () => {
    const values = await instantValues(buildVotesByRating(['prompt_version']));
    const ranked = rankByLowerBound(toVariantCounts(values, 'prompt_version'));
    expect(ranked.map((r) => r.key).sort()).toEqual(['v1', 'v2']);
    for (const r of ranked) expect(r.lower).toBeLessThanOrEqual(r.score);
  });

  it('builds the reference journey funnels', async () => {
    const steps = buildJourneySteps();
    const ended = buildJourneysEnded();
    expect(promql.map((q) => q.text)).toEqual(expect.arrayContaining([steps, ended]));
    const funnels = toFunnels(await instantValues(steps), await instantValues(ended));
    expect(funnels.map((f) => [f.journey, f.steps.map((s) => s.step)])).toEqual([
      ['checkout', ['cart', 'pay']],
      ['onboarding', ['signup', 'connect', 'first_chat']],
    ]);
    expect(readLabeledValues([])).toEqual([]);
  });
});
