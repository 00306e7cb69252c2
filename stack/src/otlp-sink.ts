import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/** OTLP/JSON export requests the sink received, as parsed JSON. */
export interface SinkContents {
  traces: OtlpTracesRequest[];
  logs: OtlpLogsRequest[];
}

export interface OtlpAnyValue {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
}
export interface OtlpKeyValue {
  key: string;
  value: OtlpAnyValue;
}
export interface OtlpLogRecord {
  eventName?: string;
  traceId?: string;
  spanId?: string;
  body?: OtlpAnyValue;
  attributes?: OtlpKeyValue[];
}
export interface OtlpSpan {
  traceId: string;
  spanId: string;
  name: string;
  attributes?: OtlpKeyValue[];
}
export interface OtlpLogsRequest {
  resourceLogs: { resource?: { attributes?: OtlpKeyValue[] }; scopeLogs: { logRecords: OtlpLogRecord[] }[] }[];
}
export interface OtlpTracesRequest {
  resourceSpans: { resource?: { attributes?: OtlpKeyValue[] }; scopeSpans: { spans: OtlpSpan[] }[] }[];
}

export interface RunningOtlpSink {
  /** Base URL; traces at /v1/traces, logs at /v1/logs and at Loki's /otlp/v1/logs. */
  url: string;
  port: number;
  received: SinkContents;
  /**
   * While false, every request gets 503 and nothing is kept: an outage of the backend that
   * keeps the port, so no other process can take it while the test waits for the recovery.
   */
  setAvailable(available: boolean): void;
  stop(): Promise<void>;
}

/** Largest request the sink reads; bigger ones get 413. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;

/**
 * Stands in for Tempo and Loki: an OTLP/HTTP endpoint that keeps what it receives. It takes
 * OTLP/JSON (the Collector's exporters send it with BILAN_EXPORT_ENCODING=json) and answers
 * protobuf with 415, so a wrong encoding is a visible error and never silently lost data.
 */
export async function startOtlpSink(
  options: { port?: number /** Requests kept per signal, oldest dropped first. Default: all. */; keep?: number } = {},
): Promise<RunningOtlpSink> {
  const keep = options.keep ?? Number.POSITIVE_INFINITY;
  const received: SinkContents = { traces: [], logs: [] };
  let available = true;
  const server = createServer(async (req, res) => {
    if (!available) {
      res.writeHead(503, { 'content-type': 'text/plain' }).end('sink is in an outage');
      return;
    }
    const signal = routeSignal(req.url ?? '');
    if (req.method !== 'POST' || !signal) {
      res.writeHead(404).end();
      return;
    }
    if (!(req.headers['content-type'] ?? '').includes('json')) {
      res.writeHead(415, { 'content-type': 'text/plain' }).end('this sink takes OTLP/JSON only');
      return;
    }
    try {
      const body = JSON.parse(await readBody(req));
      const list: unknown[] = signal === 'traces' ? received.traces : received.logs;
      list.push(body);
      if (list.length > keep) list.shift();
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    } catch (error) {
      res.writeHead((error as { status?: number }).status ?? 400, { 'content-type': 'text/plain' }).end(String(error));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    received,
    setAvailable: (value) => {
      available = value;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function routeSignal(url: string): 'traces' | 'logs' | undefined {
  const path = url.split('?')[0];
  if (path === '/v1/traces') return 'traces';
  if (path === '/v1/logs' || path === '/otlp/v1/logs') return 'logs';
  return undefined;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw Object.assign(new Error('request too large'), { status: 413 });
    chunks.push(chunk as Buffer);
  }
  const body = Buffer.concat(chunks);
  // The Collector's OTLP/HTTP exporters gzip by default.
  const unpacked =
    req.headers['content-encoding'] === 'gzip' ? gunzipSync(body, { maxOutputLength: MAX_BODY_BYTES }) : body;
  return unpacked.toString('utf8');
}

/** Every log record the sink holds, with its resource attributes. */
export function sinkLogRecords(received: SinkContents): { resource: OtlpKeyValue[]; record: OtlpLogRecord }[] {
  return received.logs.flatMap((req) =>
    req.resourceLogs.flatMap((rl) =>
      rl.scopeLogs.flatMap((sl) =>
        sl.logRecords.map((record) => ({ resource: rl.resource?.attributes ?? [], record })),
      ),
    ),
  );
}

/** Every span the sink holds. */
export function sinkSpans(received: SinkContents): OtlpSpan[] {
  return received.traces.flatMap((req) => req.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans)));
}

/** The attribute value as a plain JS value. */
export function attributeValue(
  attributes: OtlpKeyValue[] | undefined,
  key: string,
): string | number | boolean | undefined {
  const value = attributes?.find((a) => a.key === key)?.value;
  if (!value) return undefined;
  return (
    value.stringValue ??
    (value.intValue !== undefined ? Number(value.intValue) : undefined) ??
    value.doubleValue ??
    value.boolValue
  );
}
