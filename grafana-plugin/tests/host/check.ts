/**
 * The host-faithful check, end to end, shared by the test and the benchmark:
 * real Prometheus with pipeline data (@bilan/stack: the reference workload sent
 * through @bilan/sdk to our Collector, remote-written into Prometheus), the
 * host bundle, its server, and a visit of every page in Chromium.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PLUGIN_ID, SERIES } from '@bilan/contract';
import { queryPrometheus, type RunningPipeline, startPipeline, waitFor } from '@bilan/stack';
import { PLUGIN_ROOT } from '../../scripts/paths';
import { ROUTES, VAR } from '../../src/constants';
import { startHostServer } from './serve';
import { type PlannedPage, type Visit, visitApp } from './visit';

const TSX = join(PLUGIN_ROOT, '..', 'node_modules', 'tsx', 'dist', 'cli.mjs');

/** Prometheus and the Collector, holding two rounds of the reference workload (counters need two samples). */
export async function startPipelineWithData(service: string): Promise<RunningPipeline> {
  const pipeline = await startPipeline();
  // Samples stored, whatever the counting model: each round adds some.
  const samples = async () => {
    const expr = `sum(count_over_time(${SERIES.votes.name}{service_name="${service}"}[1h]))`;
    const [sample] = await queryPrometheus(pipeline.prometheus.url, expr);
    return Number(sample?.value[1] ?? 0);
  };
  try {
    let before = 0;
    for (const round of [1, 2]) {
      // A plain Node process: under vitest's jsdom the OpenTelemetry SDK resolves its browser build.
      await promisify(execFile)(process.execPath, [
        TSX,
        join(PLUGIN_ROOT, 'tests/send-workload.ts'),
        pipeline.collector.otlpHttpUrl,
        service,
      ]);
      // Counting itself is checked by the pipeline tests; here each round only has to show up.
      await waitFor(async () => (await samples()) > before, {
        timeoutMs: 60_000,
        what: `round ${round} of the reference workload in Prometheus`,
      });
      before = await samples();
    }
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
