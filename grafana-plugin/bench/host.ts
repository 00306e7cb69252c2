/**
 * Page-load benchmark (not a test) in the host-faithful check's stand-in for
 * Grafana 13.1.1 (tests/host/): per page, the time from navigation until every
 * panel is terminal (data, empty or error, nothing in flight), against the
 * 2 s page-load target. Prometheus is real, with two rounds of the reference
 * workload. Refreshes the screenshots in docs/screenshots/. Prints Markdown.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPlugin } from '../scripts/build';
import { PLUGIN_ROOT } from '../scripts/paths';
import { buildHostDir, checkInHost, planVisit, startPipelineWithData } from '../tests/host/check';
import type { Step } from '../tests/host/visit';

const TARGET_MS = 2000;
const RUNS = 3;
const SERVICE = 'bilan-host-bench';
const SCREENSHOTS = join(PLUGIN_ROOT, 'docs', 'screenshots');

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

const dist = mkdtempSync(join(tmpdir(), 'bilan-bench-dist-'));
const hostDir = buildHostDir();
await buildPlugin(dist);
const pipeline = await startPipelineWithData(SERVICE);
try {
  const res = await fetch(`${pipeline.prometheus.url}/api/v1/label/feature/values`);
  const feature = ((await res.json()) as { data: string[] }).data[0] ?? '';
  const pages = planVisit({ feature, service: SERVICE, conversationId: 'conv-bench' });
  mkdirSync(SCREENSHOTS, { recursive: true });
  const runs: Step[][] = [];
  for (let run = 0; run < RUNS; run++) {
    const visit = await checkInHost({
      pluginDir: dist,
      hostDir,
      prometheusUrl: pipeline.prometheus.url,
      pages,
      // The last run, warm like a user's second visit, leaves the screenshots.
      screenshotsDir: run === RUNS - 1 ? SCREENSHOTS : undefined,
    });
    const problems = [...visit.boundaryErrors, ...visit.pageErrors, ...visit.consoleErrors];
    if (problems.length) throw new Error(`run ${run + 1}: ${problems.join('; ')}`);
    runs.push(visit.steps);
  }
  console.log(
    `| step | panels (core + app) | queries | navigation → all panels terminal, median of ${RUNS} (min–max) | vs ${TARGET_MS} ms |`,
  );
  console.log('| --- | --- | --- | --- | --- |');
  for (const [i, step] of (runs[0] ?? []).entries()) {
    const times = runs.map((steps) => steps[i]?.msToTerminal ?? Number.NaN);
    const panels = Object.values(step.corePanels).reduce((a, b) => a + b, 0);
    const m = median(times);
    console.log(
      `| ${step.action} | ${panels} + ${step.appPanels} | ${step.queries} | ${m.toFixed(0)} ms (${Math.min(...times).toFixed(0)}–${Math.max(...times).toFixed(0)}) | ${m <= TARGET_MS ? 'within' : 'OVER'} |`,
    );
  }
} finally {
  await pipeline.stop();
  rmSync(dist, { recursive: true, force: true });
  rmSync(hostDir, { recursive: true, force: true });
}
