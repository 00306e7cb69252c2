// The chat-feedback example as a team copies it (its own package.json, the packed SDK, `npm start`),
// used in Chromium: page → its server's trackTurn → votes through @bilan/sdk/web → Collector → Prometheus.
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { promisify } from 'node:util';
import { ATTR, EVENT, RESOURCE_ATTR, SERIES, sumCountOverRange } from '@bilan/contract';
import {
  attributeValue,
  chromiumLaunchOptions,
  freePort,
  queryValuesBy,
  type RunningPipeline,
  type StartedProcess,
  sinkLogRecords,
  sinkSpans,
  startPipeline,
  startProcess,
  waitFor,
} from '@bilan/stack';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyExample } from './consumer-project';

const run = promisify(execFile);
// The service names the example's server and page give themselves.
const SERVER_SERVICE = 'chat-feedback-example';
const PAGE_SERVICE = 'chat-feedback-example-web';

let dir: string;
let pipeline: RunningPipeline;
let app: StartedProcess;
let appUrl: string;
let browser: Browser;

beforeAll(async () => {
  const port = await freePort();
  appUrl = `http://127.0.0.1:${port}`;
  [dir, pipeline] = await Promise.all([
    copyExample('chat-feedback'),
    // The page posts to the Collector from the app's origin, so the Collector must allow it (CORS).
    startPipeline({ collectorEnv: { BILAN_CORS_ALLOWED_ORIGINS: `[${appUrl}]` } }),
  ]);
  // `npm start` is `npm run build` (prestart) then `node server.js`; run as two steps so that stopping
  // the app signals the server itself (npm's shell would not pass the signal on).
  await run('npm', ['run', 'build'], { cwd: dir });
  app = await startProcess({
    name: 'chat-feedback example',
    command: process.execPath,
    args: ['server.js'],
    cwd: dir,
    env: { PORT: String(port), BILAN_COLLECTOR_URL: pipeline.collector.otlpHttpUrl },
    healthUrl: `${appUrl}/`,
    startTimeoutMs: 60_000,
  });
  browser = await chromium.launch(chromiumLaunchOptions());
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await pipeline?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Events counted in Prometheus over the last hour, per `by` label, with the contract's counting. */
function total(series: string, service: string, by: string): Promise<Record<string, number>> {
  return queryValuesBy(
    pipeline.prometheus.url,
    sumCountOverRange(`${series}{service_name="${service}"}`, '1h', [by]),
    by,
  );
}

describe('examples/chat-feedback in Chromium', () => {
  it('asks twice, votes down with a comment and up without one; Prometheus counts exactly that', async () => {
    const page = await browser.newPage();
    const warnings: string[] = [];
    page.on('console', (message) => message.type() === 'warning' && warnings.push(message.text()));
    await page.goto(appUrl);

    await page.fill('#question', 'When does my plan renew?');
    await page.click('#ask button');
    await page.waitForSelector('#feedback:not([hidden])');
    expect(await page.textContent('#answer')).toContain('When does my plan renew?');
    await page.fill('#comment', 'the date is wrong');
    await page.click('#down');
    await page.waitForSelector('#thanks:not([hidden])');

    await page.fill('#question', 'And the price?');
    await page.click('#ask button');
    await page.waitForSelector('#feedback:not([hidden])');
    await page.click('#up');

    // Votes (page) and turns (server) reach the Collector on their own schedules.
    await waitFor(
      async () =>
        Object.keys(await total(SERIES.votes.name, PAGE_SERVICE, 'rating')).length === 2 &&
        (await total(SERIES.turns.name, SERVER_SERVICE, 'outcome')).success === 2,
      { timeoutMs: 60_000, what: 'both votes and both turns in Prometheus' },
    );
    expect(await total(SERIES.votes.name, PAGE_SERVICE, 'rating')).toEqual({ negative: 1, positive: 1 });
    expect(await total(SERIES.turns.name, SERVER_SERVICE, 'outcome')).toEqual({ success: 2 });
    expect(warnings).toEqual([]);
  });

  it('puts the vote with its comment in the trace of the turn the server recorded', async () => {
    const vote = await waitFor(
      () =>
        sinkLogRecords(pipeline.sink.received).find(
          ({ resource, record }) =>
            record.eventName === EVENT.evaluationResult &&
            attributeValue(resource, RESOURCE_ATTR.serviceName) === PAGE_SERVICE &&
            attributeValue(record.attributes, ATTR.evaluationScoreLabel) === 'negative',
        ),
      { timeoutMs: 30_000, what: 'the negative vote at the Collector' },
    );
    expect(attributeValue(vote.record.attributes, ATTR.evaluationExplanation)).toBe('the date is wrong');
    const turn = await waitFor(() => sinkSpans(pipeline.sink.received).find((s) => s.spanId === vote.record.spanId), {
      timeoutMs: 30_000,
      what: "the rated turn's span at the Collector",
    });
    expect(turn.traceId).toBe(vote.record.traceId);
    expect(turn.name).toBe('chat fake-model-1');
  });
});
