// A chat backend: POST /api/ask runs the (fake) model inside bilan.trackTurn and answers with the
// text and the turn's TurnRef, which the page sends back with the user's vote. GET / serves the page.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { initBilan } from '@bilan/sdk/node';

const port = Number(process.env.PORT ?? 3000);
// The Collector's OTLP/HTTP address; `npm run stack` listens on 4318.
const collectorUrl = process.env.BILAN_COLLECTOR_URL ?? 'http://127.0.0.1:4318';
// Set when the Collector requires a bearer token; the server keeps it, the browser never sees it.
const ingestToken = process.env.BILAN_INGEST_TOKEN;

const bilan = initBilan({
  endpoint: collectorUrl,
  headers: ingestToken ? { Authorization: `Bearer ${ingestToken}` } : undefined,
  serviceName: 'chat-feedback-example',
  serviceVersion: '0.1.0',
  environment: 'local',
  onError: (error) => console.warn(`bilan: ${error.message}`),
});

/** Stands in for your LLM client: answers after a short wait, with token usage like the real ones. */
async function callModel(question, signal) {
  await new Promise((resolve) => setTimeout(resolve, 200));
  signal.throwIfAborted();
  return { text: `Here is what I know about "${question}".`, usage: { input: question.length, output: 12 } };
}

async function ask(question) {
  const { result, turn } = await bilan.trackTurn((signal) => callModel(question, signal), {
    feature: 'support-chat',
    model: 'fake-model-1',
    provider: 'example',
    promptVersion: 'v1',
    timeoutMs: 10_000,
    usage: (reply) => ({ inputTokens: reply.usage.input, outputTokens: reply.usage.output }),
  });
  return { answer: result.text, turn };
}

const page = readFileSync(new URL('./page/index.html', import.meta.url), 'utf8').replace(
  '%BILAN_COLLECTOR_URL%',
  collectorUrl,
);
const script = readFileSync(new URL('./dist/main.js', import.meta.url));

const server = createServer(async (req, res) => {
  if (req.method === 'GET' && req.url === '/') return res.writeHead(200, { 'content-type': 'text/html' }).end(page);
  if (req.method === 'GET' && req.url === '/main.js')
    return res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
  if (req.method === 'POST' && req.url === '/api/ask') {
    let body = '';
    for await (const chunk of req) body += chunk;
    try {
      const { question } = JSON.parse(body);
      const reply = await ask(String(question ?? ''));
      return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
    } catch (error) {
      return res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: String(error) }));
    }
  }
  res.writeHead(404).end();
});

server.listen(port, '127.0.0.1', () => console.log(`chat example on http://localhost:${port}`));

// Flush what is queued before exiting, so the last votes and turns are not lost.
for (const signal of ['SIGINT', 'SIGTERM'])
  process.once(signal, () => server.close(() => bilan.shutdown().then(() => process.exit(0))));
