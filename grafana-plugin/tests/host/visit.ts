/**
 * Drives the host in headless Chromium (Debian's, through playwright-core) the
 * way a user goes through the app: every page, then on each a filter and the
 * time range changed through the URL (what Grafana's pickers write), a
 * conversation's timeline, and the configuration page. Records, per step, how
 * long it took from the navigation until every panel was terminal (data, empty
 * or error), and everything that went wrong.
 */
import { join } from 'node:path';
import { chromiumLaunchOptions } from '@bilan/stack';
import { type Browser, chromium, type Page } from 'playwright-core';
import type { Navigation, Settled } from './settle';

export interface Step extends Settled {
  /** What was done: `open overview`, `filter var-feature=chat`, `time now-24h to now`. */
  action: string;
  /** Where the app was once everything had settled. */
  url: string;
}

export interface Visit {
  steps: Step[];
  consoleErrors: string[];
  consoleWarnings: string[];
  pageErrors: string[];
  boundaryErrors: string[];
  /** Distinct SceneApps (scene roots) seen over the whole visit. */
  sceneApps: number;
  /** Distinct page scenes activated. */
  pageScenes: number;
  /** Where the app's bare URL led. */
  landing: string;
}

export interface PlannedPage {
  /** Path under the app, e.g. `overview` or `conversations?var-conversation=c-1`. */
  path: string;
  /** URL parameters a user changes with a filter on this page. */
  filter?: Record<string, string>;
  /** The time range to pick next on this page (a new one, or nothing is re-queried). */
  time?: { from: string; to: string };
  /** A screenshot file name, when screenshots are taken. */
  screenshot?: string;
}

interface HostApi {
  push(url: string): void;
  navigateAndSettle(navigate: Navigation): Promise<Settled>;
  seen(): { boundaryErrors: string[]; sceneRoots: number; pageScenes: number };
}

/** Navigates in the page and waits there until every panel is terminal (host.tsx, `navigateAndSettle`). */
function timed(page: Page, navigate: Navigation): Promise<Settled> {
  return page.evaluate((n) => (window as unknown as { bilanHost: HostApi }).bilanHost.navigateAndSettle(n), navigate);
}

export async function visitApp(options: {
  hostUrl: string;
  pluginId: string;
  pages: PlannedPage[];
  screenshotsDir?: string;
}): Promise<Visit> {
  const browser: Browser = await chromium.launch(chromiumLaunchOptions());
  const consoleErrors: string[] = [];
  const consoleWarnings: string[] = [];
  const pageErrors: string[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
      if (m.type() === 'warning') consoleWarnings.push(m.text());
    });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('response', (r) => {
      if (r.status() >= 400) consoleErrors.push(`HTTP ${r.status()} ${r.url()}`);
    });
    const appBase = `/a/${options.pluginId}`;
    await page.goto(`${options.hostUrl}/`);
    const booted = await page
      .waitForFunction(() => 'bilanHost' in window || 'bilanHostError' in window, undefined, { timeout: 60_000 })
      .then(() => page.evaluate(() => (window as unknown as { bilanHostError?: string }).bilanHostError ?? 'ok'))
      .catch((error: Error) => error.message);
    if (booted !== 'ok') {
      throw new Error(
        `host failed to boot: ${booted}; page errors: ${pageErrors.join(' | ')}; console: ${consoleErrors.join(' | ')}`,
      );
    }

    const steps: Step[] = [];
    const record = async (action: string, navigate: Navigation) => {
      const result = await timed(page, navigate);
      const url = await page.evaluate(() => location.pathname + location.search);
      steps.push({ action, url, ...result });
    };
    for (const planned of options.pages) {
      await record(`open ${planned.path}`, { push: `${appBase}/${planned.path}` });
      if (planned.screenshot && options.screenshotsDir) {
        await page.screenshot({ path: join(options.screenshotsDir, planned.screenshot), fullPage: true });
      }
      if (planned.filter) {
        const what = Object.entries(planned.filter)
          .map(([k, v]) => `${k}=${v}`)
          .join('&');
        await record(`filter ${what}`, { partial: planned.filter });
      }
      if (planned.time) await record(`time ${planned.time.from} to ${planned.time.to}`, { partial: planned.time });
    }
    // The configuration page (`/plugins/<id>`), no queries: wait for its form.
    await page.evaluate(
      (url) => (window as unknown as { bilanHost: HostApi }).bilanHost.push(url),
      `/plugins/${options.pluginId}`,
    );
    await page.getByRole('button', { name: 'Save data sources' }).waitFor({ timeout: 30_000 });
    if (options.screenshotsDir) await page.screenshot({ path: join(options.screenshotsDir, 'configuration.png') });

    // The app's bare URL, as in Grafana's app list, lands on the first page.
    await page.evaluate((url) => (window as unknown as { bilanHost: HostApi }).bilanHost.push(url), appBase);
    await page.waitForFunction((base) => location.pathname !== base, appBase, { timeout: 30_000 });
    const landing = await page.evaluate(() => location.pathname);

    const seen = await page.evaluate(() => (window as unknown as { bilanHost: HostApi }).bilanHost.seen());
    return {
      steps,
      consoleErrors,
      consoleWarnings,
      pageErrors,
      boundaryErrors: seen.boundaryErrors,
      sceneApps: seen.sceneRoots,
      pageScenes: seen.pageScenes,
      landing,
    };
  } finally {
    await browser.close();
  }
}
