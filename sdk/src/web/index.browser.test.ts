import { ATTR, EVENT, RESOURCE_ATTR } from '@bilan/contract';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleWebEntry, launchChromium, type PageServer, servePage } from '../../test/browser-page';
import { attributesOf, type OtlpLogs, startReceiver } from '../../test/otlp-receiver';
import { checkLogsRequest } from '../../test/otlp-shape';

const turn = {
  turnId: 'turn-42',
  traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
  feature: 'support-chat',
  model: 'gpt-4o',
  promptVersion: 'v3',
  conversationId: 'conv-1',
};

let browser: Browser;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let pages: PageServer;

beforeAll(async () => {
  receiver = await startReceiver();
  // The page comes from another origin than the receiver, so the browser must pass CORS.
  const html = `<!doctype html><script src="/bilan.js"></script><script>
    const bilan = Bilan.initBilan({ endpoint: ${JSON.stringify(receiver.url)}, serviceName: 'web-test', environment: 'test',
      batch: { intervalMs: 60000 } });
    addEventListener('load', () => setTimeout(() => {
      bilan.vote(${JSON.stringify(turn)}, -1, { comment: 'wrong; mail me at jane@example.com' });
      document.title = 'voted';
    }, 20));
  </script>`;
  pages = await servePage(html, bundleWebEntry());
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await receiver?.stop();
  await pages?.close();
});

describe('web entry in headless Chromium', () => {
  it('delivers a vote cast just before the page is closed, as valid OTLP/JSON', async () => {
    const page = await browser.newPage();
    await page.goto(pages.url);
    await page.waitForFunction(() => document.title === 'voted');
    // Closed at once, with a one-minute batch interval: only the page-hide/unload path can deliver it.
    await page.close();

    const deadline = Date.now() + 10_000;
    const vote = () => receiver.logRecords().find((r) => r.eventName === EVENT.evaluationResult);
    while (!vote() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));

    expect(vote(), 'the receiver got no vote').toBeDefined();
    for (const request of receiver.received) expect(checkLogsRequest(request.body)).toEqual([]);
    // The first request is the empty one that warms the CORS preflight up.
    const body = receiver.received.map((r) => r.body as OtlpLogs).find((b) => b.resourceLogs.length) as OtlpLogs;
    expect(attributesOf(body.resourceLogs[0]?.resource ?? {})).toMatchObject({
      [RESOURCE_ATTR.serviceName]: 'web-test',
      [RESOURCE_ATTR.environment]: 'test',
    });
    expect(vote()?.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(vote()?.spanId).toBe('00f067aa0ba902b7');
    expect(attributesOf(vote() ?? {})).toMatchObject({
      [ATTR.evaluationScoreValue]: -1,
      [ATTR.evaluationScoreLabel]: 'negative',
      [ATTR.evaluationExplanation]: 'wrong; mail me at [email]',
      [ATTR.turnId]: 'turn-42',
      [ATTR.feature]: 'support-chat',
      [ATTR.requestModel]: 'gpt-4o',
      [ATTR.promptVersion]: 'v3',
      [ATTR.conversationId]: 'conv-1',
    });
    // The page load arrives too, in seconds (a real load here takes far less than a minute).
    const load = receiver.logRecords().find((r) => r.eventName === EVENT.pageLoad);
    const seconds = Number(attributesOf(load ?? {})[ATTR.pageLoadDuration]);
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThan(60);
  }, 30_000);
});
