// "A browser page closed with events pending": real headless Chromium loads the web entry from another
// origin than the Collector, casts votes with a one-minute batch interval and is closed at once, so only
// the page-hide/unload hand-over can deliver them; they are counted in the real Prometheus.
import { COLLECTOR_METRIC, SERIES, sumCountOverRange } from '@bilan/contract';
import { freePort, ingestCounter, queryPrometheus, type RunningPipeline, startPipeline, waitFor } from '@bilan/stack';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleWebEntry, launchChromium, type PageServer, servePage } from './browser-page';

const SERVICE = 'page-close';
const VOTES = 25;

let pipeline: RunningPipeline;
let pages: PageServer;
let browser: Browser;

beforeAll(async () => {
  const pagePort = await freePort();
  const origin = `http://127.0.0.1:${pagePort}`;
  pipeline = await startPipeline({ collectorEnv: { BILAN_CORS_ALLOWED_ORIGINS: `[${origin}]` } });
  const html = `<!doctype html><script src="/bilan.js"></script><script>
    const bilan = Bilan.initBilan({ endpoint: ${JSON.stringify(pipeline.collector.otlpHttpUrl)}, serviceName: '${SERVICE}',
      reportPageLoad: false, batch: { intervalMs: 60000, maxEvents: 1000 } });
    addEventListener('load', () => setTimeout(() => {
      for (let i = 0; i < ${VOTES}; i++) bilan.vote({ turnId: 'close-' + i, feature: 'close' }, i % 2 ? 1 : -1);
      document.title = 'voted';
    }, 200));
  </script>`;
  pages = await servePage(html, bundleWebEntry(), pagePort);
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await pages?.close();
  await pipeline?.stop();
});

function acceptedLogRecords(): Promise<number> {
  return ingestCounter(pipeline.collector.metricsUrl, COLLECTOR_METRIC.receiverAcceptedLogRecords);
}

describe('a browser page closed with events pending (Chromium, real otelcol-bilan and Prometheus)', () => {
  it('hands every pending vote over at page hide, and the Collector counts them all', async () => {
    const page = await browser.newPage();
    await page.goto(pages.url);
    await page.waitForFunction(() => document.title === 'voted');
    const closedAt = Date.now();
    await page.close();

    const accepted = await waitFor(async () => (await acceptedLogRecords()) >= VOTES && acceptedLogRecords(), {
      timeoutMs: 10_000,
      what: 'the Collector to accept the votes',
    }).catch(() => acceptedLogRecords());
    const acceptedAfterMs = Date.now() - closedAt;
    const query = sumCountOverRange(`${SERIES.votes.name}{service_name="${SERVICE}"}`, '1h');
    const counted = async () => Number((await queryPrometheus(pipeline.prometheus.url, query))[0]?.value[1] ?? 0);
    const delivered = await waitFor(async () => (await counted()) >= VOTES && counted(), {
      timeoutMs: 30_000,
      what: 'the votes in Prometheus',
    }).catch(counted);
    console.log(
      `page closed with ${VOTES} votes pending: sent ${VOTES}, accepted ${accepted} (within ${acceptedAfterMs} ms ` +
        `of the close), delivered ${delivered} (Prometheus, counted), lost ${VOTES - delivered}`,
    );
    expect({ accepted, delivered }).toEqual({ accepted: VOTES, delivered: VOTES });
  }, 60_000);
});
