// `npm run bench -w sdk`: bundle sizes, main-thread cost against the bare OpenTelemetry calls, init time
// and retained heap. Timings are compared side by side in one run; nothing here is a test.
import { execFileSync, spawn } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { ATTR, EVALUATION_NAME, EVENT } from '@bilan/contract';
import { context, ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { BatchLogRecordProcessor, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { buildSync } from 'esbuild';
import { createBilan } from '../src/bilan';
import type { BilanEvents } from '../src/events';
import { initBilan } from '../src/node';
import { initBilan as initWebBilan } from '../src/web';

const here = (path: string) => new URL(path, import.meta.url).pathname;

function gzippedSize(entry: string, external: string[] = []): { raw: number; gzip: number } {
  const out = buildSync({
    entryPoints: [here(entry)],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    external,
    write: false,
  }).outputFiles[0]?.contents as Uint8Array;
  return { raw: out.length, gzip: gzipSync(out, { level: 9 }).length };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`;

function sizes() {
  const web = gzippedSize('../src/web/index.ts');
  const webOwn = gzippedSize('../src/web/index.ts', ['@opentelemetry/api']);
  const turns = gzippedSize('../src/web/turns.ts');
  const turnsOwn = gzippedSize('../src/web/turns.ts', ['@opentelemetry/api']);
  const core = gzippedSize('../src/index.ts', ['@opentelemetry/api']);
  const otel = gzippedSize('./otel-web-setup.ts');
  return [
    ['`@bilan/sdk/web`, everything bundled', kb(web.gzip), '≤ 5 KB'],
    ['… with `@opentelemetry/api` external (it loads no API: same bytes)', kb(webOwn.gzip), '≤ 2 KB on top of the API'],
    ['`@bilan/sdk/web/turns` (adds `trackTurn`), everything bundled', kb(turns.gzip), '—'],
    ['… SDK code alone (`@opentelemetry/api` external)', kb(turnsOwn.gzip), '—'],
    ['core `@bilan/sdk`, all exports, `@opentelemetry/api` external', kb(core.gzip), '—'],
    ['full OpenTelemetry JS set-up (trace + logs SDK, OTLP/HTTP exporters)', kb(otel.gzip), 'for comparison'],
  ];
}

// A discarding exporter: the cost measured is the main-thread work up to the processor, on both sides.
const discard = {
  export: (_items: unknown[], done: (r: { code: number }) => void) => done({ code: 0 }),
  shutdown: async () => {},
};

/**
 * Median ns per call of each side over `rounds` rounds of `n` calls, the sides taking turns so drift hits
 * both, and the median of the per-round ratios bilan/bare. Synchronous calls are not awaited.
 */
async function compare(n: number, rounds: number, sides: { bilan: () => unknown; bare: () => unknown }) {
  const samples = { bilan: [] as number[], bare: [] as number[] };
  for (let round = 0; round < rounds; round++) {
    for (const name of ['bilan', 'bare'] as const) {
      const run = sides[name];
      const start = process.hrtime.bigint();
      for (let i = 0; i < n; i++) {
        const result = run();
        if (result instanceof Promise) await result;
      }
      samples[name].push(Number(process.hrtime.bigint() - start) / n);
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  return {
    bilan: median(samples.bilan),
    bare: median(samples.bare),
    ratio: median(samples.bilan.map((b, i) => b / (samples.bare[i] as number))),
  };
}

async function mainThread() {
  const tracerProvider = new TracerProvider({
    spanProcessors: [new SimpleSpanProcessor({ exporter: discard as never })],
  });
  const loggerProvider = new LoggerProvider({
    processors: [new SimpleLogRecordProcessor({ exporter: discard as never })],
  });
  const bilan = createBilan({ tracerProvider, loggerProvider });
  const tracer = tracerProvider.getTracer('bare');
  const logger = loggerProvider.getLogger('bare');
  const { turn } = await bilan.trackTurn(() => 1, {
    feature: 'f',
    model: 'm',
    promptVersion: 'p',
    conversationId: 'c',
  });
  const spanContext = trace.getSpanContext(
    trace.setSpanContext(ROOT_CONTEXT, {
      traceId: turn.traceparent?.slice(3, 35) ?? '',
      spanId: turn.traceparent?.slice(36, 52) ?? '',
      traceFlags: 1,
      isRemote: true,
    }),
  );

  const vote = await compare(5000, 15, {
    bilan: () => bilan.vote(turn, 1),
    bare: () =>
      logger.emit({
        eventName: EVENT.evaluationResult,
        severityNumber: 9,
        timestamp: Date.now(),
        context: trace.setSpanContext(ROOT_CONTEXT, spanContext ?? ({} as never)),
        attributes: {
          [ATTR.evaluationName]: EVALUATION_NAME.userFeedback,
          [ATTR.evaluationScoreValue]: 1,
          [ATTR.evaluationScoreLabel]: 'positive',
          [ATTR.turnId]: turn.turnId,
          [ATTR.conversationId]: 'c',
          [ATTR.feature]: 'f',
          [ATTR.requestModel]: 'm',
          [ATTR.promptVersion]: 'p',
        },
      }),
  });
  const usage = () => ({ inputTokens: 10, outputTokens: 20 });
  const options = { feature: 'f', model: 'm', provider: 'openai', promptVersion: 'p', conversationId: 'c', usage };
  const turnCost = await compare(3000, 15, {
    bilan: () => bilan.trackTurn(() => 1, options),
    bare: async () => {
      const span = tracer.startSpan('chat m', {
        kind: SpanKind.CLIENT,
        attributes: {
          [ATTR.operationName]: 'chat',
          [ATTR.providerName]: 'openai',
          [ATTR.requestModel]: 'm',
          [ATTR.conversationId]: 'c',
          [ATTR.turnId]: crypto.randomUUID(),
          [ATTR.feature]: 'f',
          [ATTR.promptVersion]: 'p',
        },
      });
      await context.with(trace.setSpan(context.active(), span), () => Promise.resolve(1));
      span.setAttributes({ [ATTR.inputTokens]: 10, [ATTR.outputTokens]: 20 });
      span.end();
    },
  });
  const row = (name: string, r: { bilan: number; bare: number; ratio: number }) => [
    name,
    `${(r.bilan / 1000).toFixed(2)} µs`,
    `${(r.bare / 1000).toFixed(2)} µs`,
    `${r.ratio.toFixed(2)}×`,
  ];
  return [row('vote', vote), row('turn wrapper', turnCost)];
}

/** `initBilan`'s first call in fresh processes (median of 5), and warm calls in this one (median of 21). */
async function initTime() {
  const firsts: number[] = [];
  for (let i = 0; i < 5; i++) {
    const out = execFileSync(process.execPath, ['--import', 'tsx', here('./init-once.ts')], { encoding: 'utf8' });
    firsts.push(Number(out.trim()));
  }
  const warm: number[] = [];
  for (let i = 0; i < 21; i++) {
    const start = performance.now();
    const bilan = initBilan({ endpoint: 'http://127.0.0.1:9', serviceName: 'bench' });
    warm.push(performance.now() - start);
    await bilan.shutdown();
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  return { first: median(firsts), warm: median(warm) };
}

/** A receiver in its own process, so its memory is not counted as ours. */
async function startSinkProcess() {
  const child = spawn(process.execPath, [
    '-e',
    "require('http').createServer((q,r)=>{q.resume();q.on('end',()=>r.writeHead(200,{'content-type':'application/json'}).end('{}'))}).listen(0,'127.0.0.1',function(){console.log(this.address().port)})",
  ]);
  const port = await new Promise<string>((resolve) => child.stdout.once('data', (d) => resolve(String(d).trim())));
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill() };
}

interface HeapSide {
  send: (i: number) => void;
  flush: () => Promise<unknown>;
}

/** Heap growth (after full GCs) from sending 10,000 events with `send`, flushing every 500 and at the end. */
async function growth({ send, flush }: HeapSide): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  await flush();
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < 10_000; i++) {
    send(i);
    if (i % 500 === 499) await flush();
  }
  await flush();
  gc();
  gc();
  return process.memoryUsage().heapUsed - before;
}

/** Bilan and its bare baseline in turns, 5 times after a warm-up: medians and the median difference. */
async function retained(bilan: HeapSide, bare: HeapSide) {
  const runs: { bilan: number; bare: number }[] = [];
  for (let run = -1; run < 5; run++) {
    const pair = { bilan: await growth(bilan), bare: await growth(bare) };
    if (run >= 0) runs.push(pair); // run -1 warms both up
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[2] as number;
  return {
    bilan: median(runs.map((r) => r.bilan)),
    bare: median(runs.map((r) => r.bare)),
    share: median(runs.map((r) => r.bilan - r.bare)),
  };
}

async function heap() {
  const sink = await startSinkProcess();
  const vote = (bilan: BilanEvents) => (i: number) =>
    bilan.vote({ turnId: `t${i}`, feature: 'f', model: 'm' }, i % 2 ? 1 : -1, { comment: 'ok' });

  const node = initBilan({ endpoint: sink.url, serviceName: 'bench' });
  const bareProvider = new LoggerProvider({
    processors: [
      new BatchLogRecordProcessor({
        exporter: new OTLPLogExporter({ url: `${sink.url}/v1/logs` }),
        maxExportBatchSize: 10,
        scheduledDelayMillis: 1000,
      }),
    ],
  });
  const bareLogger = bareProvider.getLogger('bare');
  const nodeHeap = await retained(
    { send: vote(node), flush: () => node.flush() },
    {
      send: (i) =>
        bareLogger.emit({
          eventName: EVENT.evaluationResult,
          attributes: { [ATTR.turnId]: `t${i}`, [ATTR.evaluationScoreValue]: 1 },
        }),
      flush: () => bareProvider.forceFlush(),
    },
  );
  await node.shutdown();
  await bareProvider.shutdown();

  const web = initWebBilan({ endpoint: sink.url, serviceName: 'bench' });
  // The bare side posts the same number of requests with plain fetch: Node's fetch keeps some memory of its own.
  const body = JSON.stringify({
    resourceLogs: [{ resource: { attributes: [] }, scopeLogs: [{ scope: { name: 'bare' }, logRecords: [] }] }],
  });
  let pending: Promise<unknown>[] = [];
  const webHeap = await retained(
    { send: vote(web), flush: () => web.flush() },
    {
      send: (i) => {
        if (i % 10 === 9)
          pending.push(
            fetch(`${sink.url}/v1/logs`, { method: 'POST', body, keepalive: true }).then((r) => r.body?.cancel()),
          );
      },
      flush: async () => {
        await Promise.all(pending);
        pending = [];
      },
    },
  );
  sink.stop();
  const row = (name: string, r: { bilan: number; bare: number; share: number }) => [
    name,
    kb(r.bilan),
    kb(r.bare),
    kb(r.share),
    '≤ 100 KB',
  ];
  return [
    row('node entry (OpenTelemetry SDK, OTLP/HTTP)', nodeHeap),
    row('web entry (lean transport, Node fetch)', webHeap),
  ];
}

function table(header: string[], rows: string[][]) {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

const init = await initTime();
const heapRows = await heap();
console.log(`\n### Size (esbuild --minify, gzip -9)\n\n${table(['bundle', 'gzip', 'budget'], sizes())}`);
console.log(
  `\n### Main-thread cost per call (median of 15 rounds; ratio = median of per-round ratios)\n\n${table(['call', 'Bilan', 'bare OTel API', 'ratio (≤ 1.5×)'], await mainThread())}`,
);
console.log(
  `\n### Node\n\n${table(
    ['measure', 'value', 'budget'],
    [
      ['`initBilan`, first call in a fresh process (median of 5)', `${init.first.toFixed(2)} ms`, '≤ 5 ms'],
      ['`initBilan`, later calls (median of 21)', `${init.warm.toFixed(2)} ms`, '≤ 5 ms'],
    ],
  )}`,
);
console.log(
  `\n### Heap retained after 10,000 votes exported (median of 5 interleaved runs, after full GC)\n\n${table(
    ['path', 'with Bilan', 'bare baseline, same exports', "Bilan's share", 'budget'],
    heapRows,
  )}`,
);
