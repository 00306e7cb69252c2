/**
 * The built plugin inside a stand-in for Grafana 13.1.1's front end, in real
 * headless Chromium (tests/host/): SystemJS loads dist/module.js with the
 * shared-module map Grafana defines (real @grafana/ui, data and runtime 13.1.1,
 * react-router-dom 5.3.4, react-router from react-router-dom-v5-compat), and an
 * app root re-renders the plugin on every location change as AppRootPage does.
 * Prometheus is real and holds pipeline data; Loki and Tempo stand in empty.
 * What the host loads is the release archive (`npm run package`), unzipped as
 * `grafana cli --pluginUrl` unpacks it.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PLUGIN_ID } from '@bilan/contract';
import type { RunningPipeline } from '@bilan/stack';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PluginArchive, packagePlugin } from '../scripts/package';
import { PLUGIN_ROOT } from '../scripts/paths';
import { ROUTES, VAR } from '../src/constants';
import { PAGES } from '../src/pages';
import { resolveDatasources } from '../src/utils/settings';
import { buildHostDir, checkInHost, planVisit, startPipelineWithData } from './host/check';
import type { Visit } from './host/visit';

const SERVICE = 'bilan-host-check';
const TSX = join(PLUGIN_ROOT, '..', 'node_modules', 'tsx', 'dist', 'cli.mjs');

let pipeline: RunningPipeline | undefined;
let visit: Visit;
let feature = '';
let hostDir = '';
let archive: PluginArchive;
const dist = mkdtempSync(join(tmpdir(), 'bilan-host-dist-'));
const unpacked = mkdtempSync(join(tmpdir(), 'bilan-host-plugins-'));
const screenshots = mkdtempSync(join(tmpdir(), 'bilan-host-shots-'));
const plan = () => planVisit({ feature, service: SERVICE, conversationId: 'conv-host-check' });

beforeAll(async () => {
  // A child process: esbuild refuses jsdom's TextEncoder, and this is how `npm run build` runs it anyway.
  execFileSync(process.execPath, [TSX, join(PLUGIN_ROOT, 'scripts/build.ts'), dist], { cwd: PLUGIN_ROOT });
  archive = packagePlugin(dist, join(dist, '..', `${dist.split('/').pop()}-artifacts`));
  for (const [path, bytes] of Object.entries(unzipSync(readFileSync(archive.zipPath)))) {
    if (path.endsWith('/')) continue;
    mkdirSync(dirname(join(unpacked, path)), { recursive: true });
    writeFileSync(join(unpacked, path), bytes);
  }
  hostDir = buildHostDir();
  pipeline = await startPipelineWithData(SERVICE);
  const res = await fetch(`${pipeline.prometheus.url}/api/v1/label/feature/values`);
  feature = ((await res.json()) as { data: string[] }).data[0] ?? '';
  visit = await checkInHost({
    pluginDir: join(unpacked, PLUGIN_ID),
    hostDir,
    prometheusUrl: pipeline.prometheus.url,
    pages: plan(),
    screenshotsDir: screenshots,
  });
}, 300_000);

afterAll(async () => {
  await pipeline?.stop();
  rmSync(dist, { recursive: true, force: true });
  if (archive) rmSync(dirname(archive.zipPath), { recursive: true, force: true });
  rmSync(unpacked, { recursive: true, force: true });
  if (hostDir) rmSync(hostDir, { recursive: true, force: true });
  rmSync(screenshots, { recursive: true, force: true });
});

describe('the release archive', () => {
  it('holds one folder named after the plugin id, with module.js and plugin.json, versioned name', () => {
    expect(readdirSync(unpacked)).toEqual([PLUGIN_ID]);
    const files = readdirSync(join(unpacked, PLUGIN_ID));
    for (const f of ['module.js', 'module.js.map', 'plugin.json', 'README.md', 'CHANGELOG.md', 'img']) {
      expect(files).toContain(f);
    }
    const version = JSON.parse(readFileSync(join(PLUGIN_ROOT, 'package.json'), 'utf8')).version;
    expect(archive.zipPath.endsWith(`/${PLUGIN_ID}-${version}.zip`)).toBe(true);
  });

  it('comes with its SHA-1 in sha1sum format', () => {
    const sha1 = createHash('sha1').update(readFileSync(archive.zipPath)).digest('hex');
    expect(readFileSync(archive.sha1Path, 'utf8')).toBe(`${sha1}  ${archive.zipPath.split('/').pop()}\n`);
  });
});

describe('the plan', () => {
  it('visits every page, each with a filter it really has, and a conversation timeline', () => {
    const planned = plan();
    expect(planned.map((p) => p.path.split('?')[0])).toEqual([...Object.values(ROUTES), ROUTES.conversations]);
    expect(feature).not.toBe('');
    for (const page of PAGES) {
      const names = (page.build(resolveDatasources(undefined)).state.$variables?.state.variables ?? []).map(
        (v) => `var-${v.state.name}`,
      );
      const filter = planned.find((p) => p.path === page.route)?.filter ?? {};
      for (const name of Object.keys(filter)) expect(names, page.route).toContain(name);
    }
    expect(planned.at(-1)?.path).toBe(`${ROUTES.conversations}?var-${VAR.conversation}=conv-host-check`);
  });
});

describe(`${PLUGIN_ID} in the Grafana 13.1.1 stand-in host`, () => {
  it('shows no error boundary, no page error and no console error', () => {
    expect(visit.boundaryErrors).toEqual([]);
    expect(visit.pageErrors).toEqual([]);
    expect(visit.consoleErrors).toEqual([]);
    // The plugin's bundled i18n was set up (initPluginTranslations), so Scenes' strings do not warn.
    expect(visit.consoleWarnings.filter((w) => /i18n|i18next/.test(w))).toEqual([]);
  });

  it('keeps one SceneApp for the whole visit, one scene per page', () => {
    expect(visit.sceneApps).toBe(1);
    expect(visit.pageScenes).toBe(PAGES.length);
  });

  it('brings every panel of every step to data, empty or error, with queries sent each time', () => {
    const actions = visit.steps.map((s) => s.action);
    expect(actions.filter((a) => a.startsWith('open '))).toHaveLength(PAGES.length + 1);
    expect(actions.filter((a) => a.startsWith('filter '))).toHaveLength(PAGES.length);
    expect(actions.filter((a) => a.startsWith('time '))).toHaveLength(PAGES.length + 1);
    for (const step of visit.steps) {
      expect(step.queries, step.action).toBeGreaterThan(0);
      for (const state of Object.keys(step.corePanels)) expect(['Done', 'Error'], step.action).toContain(state);
      expect(step.appPanels + Object.values(step.corePanels).reduce((a, b) => a + b, 0), step.url).toBeGreaterThan(0);
    }
  });

  it('sends the picked filter and time range to Prometheus', () => {
    const overview = visit.steps.filter((s) => s.url.includes(`/${ROUTES.overview}?`));
    const [opened, filtered, timed] = overview;
    expect(opened?.prometheus.length).toBeGreaterThan(0);
    expect(filtered?.prometheus.some((e) => e.includes(`feature=~"${feature}"`))).toBe(true);
    expect(opened?.prometheus.some((e) => e.includes(`feature=~"${feature}"`))).toBe(false);
    expect(timed?.url).toContain('from=now-24h');
    expect(timed?.prometheus.some((e) => e.includes('86400s'))).toBe(true);
  });

  it('gets an answer, not an error, from Prometheus for every core panel, and shows its data', () => {
    for (const step of visit.steps) expect(step.corePanels.Error ?? 0, step.action).toBe(0);
    for (const route of [ROUTES.overview, ROUTES.turns]) {
      const opened = visit.steps.find((s) => s.action === `open ${route}`);
      expect(opened?.corePanelsWithData, route).toBeGreaterThan(0);
    }
  });

  it('opens the app’s bare URL on its first page', () => {
    expect(visit.landing).toBe(`/a/${PLUGIN_ID}/${ROUTES.overview}`);
  });

  it('took a screenshot of every page and of the configuration page', () => {
    const files = readdirSync(screenshots).sort();
    expect(files).toEqual(
      [...Object.values(ROUTES).map((r) => `${r}.png`), 'configuration.png', 'conversation-timeline.png'].sort(),
    );
    for (const f of files) expect(statSync(join(screenshots, f)).size).toBeGreaterThan(10_000);
  });
});
