// @bilan/sdk as a team installs it: the packed tarball in a fresh project outside this repository, used
// from plain Node (ESM and require), type-checked by a strict tsc, and built by Vite for Chromium — against
// the real otelcol-bilan and Prometheus, with the Collector's Tempo/Loki exporters read at the OTLP sink.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ATTR, EVENT, RESOURCE_ATTR, SERIES, sumCountOverRange } from '@bilan/contract';
import {
  attributeValue,
  chromiumLaunchOptions,
  freePort,
  queryValuesBy,
  REPO_ROOT,
  type RunningPipeline,
  sinkLogRecords,
  sinkSpans,
  startPipeline,
  waitFor,
} from '@bilan/stack';
import { type Browser, chromium } from 'playwright-core';
import { build as viteBuild } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsumerProject } from './consumer-project';

const run = promisify(execFile);
const NODE_SERVICE = 'consumer-node';
const WEB_SERVICE = 'consumer-web';

interface TurnRef {
  turnId: string;
  traceparent: string;
}

let project: string;
let pipeline: RunningPipeline;
let pages: Server;
let pageOrigin: string;
let browser: Browser | undefined;

beforeAll(async () => {
  const pagePort = await freePort();
  pageOrigin = `http://127.0.0.1:${pagePort}`;
  [project, pipeline] = await Promise.all([
    createConsumerProject(),
    startPipeline({ collectorEnv: { BILAN_CORS_ALLOWED_ORIGINS: `[${pageOrigin}]` } }),
  ]);
  pages = createServer();
  await new Promise<void>((resolve) => pages.listen(pagePort, '127.0.0.1', resolve));
});

afterAll(async () => {
  await browser?.close();
  pages?.close();
  await pipeline?.stop();
  if (project) rmSync(project, { recursive: true, force: true });
});

/** Events counted in Prometheus over the last hour, per `by` label, with the contract's counting. */
function total(series: string, service: string, by: string): Promise<Record<string, number>> {
  return queryValuesBy(
    pipeline.prometheus.url,
    sumCountOverRange(`${series}{service_name="${service}"}`, '1h', [by]),
    by,
  );
}

const RECORD_SCRIPT = `
import { initBilan } from '@bilan/sdk/node';

const bilan = initBilan({
  endpoint: process.env.BILAN_COLLECTOR_URL,
  serviceName: '${NODE_SERVICE}',
  onError: (error) => { console.error(error.message); process.exitCode = 1; },
});
const { result, turn } = await bilan.trackTurn(async () => 'an answer', {
  feature: 'consumer-chat', model: 'fake-model', provider: 'example', promptVersion: 'v1',
});
if (result !== 'an answer') throw new Error('trackTurn lost the result');
bilan.vote(turn, 1, { comment: 'right on' });
await bilan.shutdown();
console.log(JSON.stringify(turn));
`;

let turn: TurnRef;

describe('a plain node script (no TypeScript loader)', () => {
  it('records a turn and a vote through @bilan/sdk/node, both counted exactly in Prometheus', async () => {
    writeFileSync(join(project, 'record.js'), RECORD_SCRIPT);
    const { stdout } = await run(process.execPath, ['record.js'], {
      cwd: project,
      env: { ...process.env, BILAN_COLLECTOR_URL: pipeline.collector.otlpHttpUrl },
    });
    turn = JSON.parse(stdout);
    expect(turn.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    await waitFor(async () => (await total(SERIES.votes.name, NODE_SERVICE, 'rating')).positive === 1, {
      timeoutMs: 60_000,
      what: 'the vote in Prometheus',
    });
    expect(await total(SERIES.votes.name, NODE_SERVICE, 'rating')).toEqual({ positive: 1 });
    expect(await total(SERIES.turns.name, NODE_SERVICE, 'outcome')).toEqual({ success: 1 });
  });

  it('keeps the app working while the Collector is down: results returned, losses reported, shutdown bounded', async () => {
    const script = `
      import { initBilan } from '@bilan/sdk/node';
      const problems = [];
      const bilan = initBilan({
        endpoint: process.env.BILAN_COLLECTOR_URL, serviceName: 'offline', exportTimeoutMs: 2000,
        onError: (error) => problems.push(error.message),
      });
      const { result } = await bilan.trackTurn(async () => 42, { feature: 'chat', model: 'm' });
      bilan.vote({ turnId: 't1' }, -1);
      await bilan.shutdown();
      console.log(JSON.stringify({ result, problems }));
    `;
    writeFileSync(join(project, 'offline.js'), script);
    const nobody = `http://127.0.0.1:${await freePort()}`; // nothing listens there
    const { stdout } = await run(process.execPath, ['offline.js'], {
      cwd: project,
      env: { ...process.env, BILAN_COLLECTOR_URL: nobody },
      timeout: 30_000,
    });
    const { result, problems } = JSON.parse(stdout) as { result: number; problems: string[] };
    expect(result).toBe(42);
    // The turn's span and the vote could not be delivered: each loss reported, nothing thrown.
    expect(problems.map((problem) => problem.replace(/: .*/s, '')).sort()).toEqual([
      '1 events not delivered',
      '1 spans not delivered',
    ]);
  });

  it('can require() the entries it serves as CommonJS', async () => {
    const script = `
      const { initBilan } = require('@bilan/sdk/node');
      const { redact } = require('@bilan/sdk');
      console.log(typeof initBilan, redact('write to ada@example.com'));
    `;
    writeFileSync(join(project, 'require.cjs'), script);
    const { stdout } = await run(process.execPath, ['require.cjs'], { cwd: project });
    expect(stdout.trim()).toBe('function write to [email]');
  });
});

describe('a strict TypeScript project', () => {
  it('type-checks a usage file against the installed types (and they are not `any`)', async () => {
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2022',
          lib: ['es2022', 'dom'],
          types: [],
          noEmit: true,
        },
        files: ['usage.ts'],
      }),
    );
    writeFileSync(
      join(project, 'usage.ts'),
      `import { initBilan, type NodeBilan, type TurnRef } from '@bilan/sdk/node';
import { initBilan as initWebBilan, type WebBilan } from '@bilan/sdk/web';
import { initBilan as initWebTurns } from '@bilan/sdk/web/turns';
import { redact, LIMITS } from '@bilan/sdk';

const bilan: NodeBilan = initBilan({ serviceName: 'typed', batch: { maxEvents: 5 } });
const { result, turn } = await bilan.trackTurn(async (signal: AbortSignal) => ({ text: 'hi', signal }), {
  feature: 'chat',
  model: 'gpt-4o',
  usage: (reply) => ({ inputTokens: reply.text.length, outputTokens: 1 }),
});
const text: string = result.text;
const ref: TurnRef = turn;
const web: WebBilan = initWebBilan({ endpoint: 'https://otel.example.com', serviceName: 'web' });
web.vote(ref, 4, { scale: { min: 1, max: 5 }, comment: redact(text) });
web.endConversation('c1', 'escalated');
initWebTurns({ endpoint: 'https://otel.example.com', serviceName: 'web' }).trackTurn(() => 1, { feature: 'f' });
const limit: number = LIMITS.maxTextLength;
// @ts-expect-error a vote is a number or a boolean
web.vote(ref, 'yes');
// @ts-expect-error conversations end as completed, abandoned or escalated
web.endConversation('c1', 'closed');
// @ts-expect-error the web entry has no trackTurn
web.trackTurn(() => 1, {});
export { limit };
`,
    );
    const tsc = join(REPO_ROOT, 'node_modules', '.bin', 'tsc');
    const checked = await run(tsc, ['--noEmit', '-p', project]).then(
      () => '',
      (error: { stdout?: string }) => String(error.stdout),
    );
    expect(checked).toBe('');
  });
});

describe('a browser app built by Vite from the installed package', () => {
  it("votes in Chromium on the Node side's TurnRef, and the vote lands in that turn's trace at the Collector", async () => {
    expect(turn, 'the node test hands over its TurnRef').toBeDefined();
    const app = join(project, 'web');
    mkdirSync(app);
    writeFileSync(join(app, 'index.html'), '<!doctype html><script type="module" src="/main.js"></script>');
    writeFileSync(
      join(app, 'main.js'),
      `import { initBilan } from '@bilan/sdk/web';
      window.voteOn = async (endpoint, turn) => {
        const errors = [];
        const bilan = initBilan({ endpoint, serviceName: '${WEB_SERVICE}', onError: (e) => errors.push(e.message) });
        bilan.vote(turn, -1, { comment: 'not quite' });
        await bilan.flush();
        return errors;
      };`,
    );
    // Vite resolves @bilan/sdk from the project's node_modules, as in any app that installed it.
    await viteBuild({ root: app, configFile: false, logLevel: 'silent', build: { outDir: join(app, 'dist') } });
    const built = join(app, 'dist');
    pages.on('request', (req, res) => {
      const path = req.url === '/' ? '/index.html' : (req.url ?? '');
      const file = join(built, path);
      if (!file.startsWith(built) || !existsSync(file)) return res.writeHead(404).end();
      const type = path.endsWith('.js') ? 'text/javascript' : 'text/html';
      res.writeHead(200, { 'content-type': type }).end(readFileSync(file));
    });
    browser = await chromium.launch(chromiumLaunchOptions());
    const page = await browser.newPage();
    await page.goto(pageOrigin);
    await page.waitForFunction(() => 'voteOn' in window);
    const errors = await page.evaluate(
      ([endpoint, ref]) =>
        (window as unknown as { voteOn: (e: string, t: unknown) => Promise<string[]> }).voteOn(endpoint, ref),
      [pipeline.collector.otlpHttpUrl, turn] as const,
    );
    expect(errors).toEqual([]);

    const [, traceId, spanId] = turn.traceparent.split('-');
    const vote = await waitFor(
      () =>
        sinkLogRecords(pipeline.sink.received).find(
          ({ resource, record }) =>
            record.eventName === EVENT.evaluationResult &&
            attributeValue(resource, RESOURCE_ATTR.serviceName) === WEB_SERVICE,
        ),
      { timeoutMs: 30_000, what: "the browser's vote at the Collector's logs exporter" },
    );
    expect(vote.record.traceId).toBe(traceId);
    expect(vote.record.spanId).toBe(spanId);
    expect(attributeValue(vote.record.attributes, ATTR.turnId)).toBe(turn.turnId);
    expect(attributeValue(vote.record.attributes, ATTR.evaluationExplanation)).toBe('not quite');
    const span = sinkSpans(pipeline.sink.received).find((s) => s.spanId === spanId);
    expect(span?.traceId, "the turn's span at the Collector's traces exporter").toBe(traceId);
    await waitFor(async () => (await total(SERIES.votes.name, WEB_SERVICE, 'rating')).negative === 1, {
      timeoutMs: 60_000,
      what: "the browser's vote in Prometheus",
    });
  });
});
