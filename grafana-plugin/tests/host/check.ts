/**
 * The host-faithful check, end to end, shared by the test and the benchmark:
 * real Prometheus with pipeline data (@bilan/stack: the reference workload sent
 * through @bilan/sdk to our Collector, remote-written into Prometheus, rolled up
 * by the dashboards' rules), the host bundle, its server, and a visit of every
 * page in Chromium.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PLUGIN_ID, SERIES, sumCountOverRange } from '@bilan/contract';
import { dashboardRuleGroups } from '@bilan/dashboards/src/recording-rules';
import { renderRuleFile } from '@bilan/dashboards/src/rule-file';
import { queryPrometheus, type RunningPipeline, startPipeline, waitFor } from '@bilan/stack';
import { PLUGIN_ROOT } from '../../scripts/paths';
import { ROUTES, VAR } from '../../src/constants';
import { startHostServer } from './serve';
import { type PlannedPage, type Visit, visitApp } from './visit';

const TSX = join(PLUGIN_ROOT, '..', 'node_modules', 'tsx', 'dist', 'cli.mjs');

/**
 * Prometheus and the Collector holding the reference workload, sent once, with
 * the dashboards' roll-up rules (which the app reads) recorded every 2 s instead
 * of hourly, so pages show data within seconds. Its `stop` removes the rule file too.
 */
export async function startPipelineWithData(service: string): Promise<RunningPipeline> {
  const ruleDir = mkdtempSync(join(tmpdir(), 'bilan-host-rules-'));
  const ruleFile = join(ruleDir, 'rollups.yml');
  writeFileSync(ruleFile, renderRuleFile(dashboardRuleGroups('2s')));
  const pipeline = await startPipeline({ ruleFiles: [ruleFile] });
  const stop = pipeline.stop.bind(pipeline);
  pipeline.stop = async () => {
    await stop();
    rmSync(ruleDir, { recursive: true, force: true });
  };
  try {
    // A plain Node process: under vitest's jsdom the OpenTelemetry SDK resolves its browser build.
    await promisify(execFile)(process.execPath, [
      TSX,
      join(PLUGIN_ROOT, 'tests/send-workload.ts'),
      pipeline.collector.otlpHttpUrl,
      service,
    ]);
    const votes = sumCountOverRange(`${SERIES.votes.name}{service_name="${service}"}`, '1h');
    const rollups = `count({__name__=~"bilan:votes.*", service_name="${service}"})`;
    await waitFor(
      async () =>
        Number((await queryPrometheus(pipeline.prometheus.url, votes))[0]?.value[1] ?? 0) >= 1000 &&
        Number((await queryPrometheus(pipeline.prometheus.url, rollups))[0]?.value[1] ?? 0) > 0,
      { timeoutMs: 60_000, what: 'the reference workload in Prometheus, raw and rolled up' },
    );
  } catch (error) {
    await pipeline.stop();
    throw error;
  }
  return pipeline;
}

/**
 * Every page in menu order, each with the filter a user reaches for first
 * (feature; Journeys has only service and environment), then a conversation's
 * timeline. Plain data, so the benchmark can plan without loading Scenes.
 */
export function planVisit(values: { feature: string; service: string; conversationId: string }): PlannedPage[] {
  return [
    ...Object.values(ROUTES).map((route) => ({
      path: route,
      filter:
        route === ROUTES.journeys
          ? { [`var-${VAR.service}`]: values.service }
          : { [`var-${VAR.feature}`]: values.feature },
      time: { from: 'now-24h', to: 'now' },
      screenshot: `${route}.png`,
    })),
    {
      path: `${ROUTES.conversations}?var-${VAR.conversation}=${encodeURIComponent(values.conversationId)}`,
      time: { from: 'now-6h', to: 'now' },
      screenshot: 'conversation-timeline.png',
    },
  ];
}

/** Bundles the host into a new temporary folder, in a child process (esbuild refuses jsdom's TextEncoder). */
export function buildHostDir(): string {
  const hostDir = mkdtempSync(join(tmpdir(), 'bilan-host-'));
  execFileSync(process.execPath, [TSX, join(PLUGIN_ROOT, 'tests/host/build-host.ts'), hostDir]);
  return hostDir;
}

/** Serves `pluginDir` beside the host bundle, and visits the planned pages. */
export async function checkInHost(options: {
  pluginDir: string;
  hostDir: string;
  prometheusUrl: string;
  pages: PlannedPage[];
  screenshotsDir?: string;
}): Promise<Visit> {
  const server = await startHostServer({
    pluginId: PLUGIN_ID,
    pluginDir: options.pluginDir,
    hostDir: options.hostDir,
    prometheusUrl: options.prometheusUrl,
  });
  try {
    return await visitApp({
      hostUrl: server.url,
      pluginId: PLUGIN_ID,
      pages: options.pages,
      screenshotsDir: options.screenshotsDir,
    });
  } finally {
    await server.close();
  }
}
