import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

/**
 * A local OTLP/HTTP JSON receiver on 127.0.0.1 (free port) that answers CORS, records every POST and
 * answers with the status `respond` picks (default 200). `destroy` drops the connection instead.
 */
export async function startReceiver(respond: (path: string, count: number) => number | 'destroy' = () => 200) {
  const received: Received[] = [];
  const attempts = new Map<string, number>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    res.setHeader('access-control-allow-origin', req.headers.origin ?? '*');
    res.setHeader('access-control-allow-methods', 'POST, OPTIONS');
    res.setHeader('access-control-allow-headers', req.headers['access-control-request-headers'] ?? 'content-type');
    if (req.method === 'OPTIONS') return void res.writeHead(204).end();
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = req.url ?? '';
      const count = (attempts.get(path) ?? 0) + 1;
      attempts.set(path, count);
      const status = respond(path, count);
      if (status === 'destroy') return void req.socket.destroy();
      if (status < 300) {
        const text = Buffer.concat(chunks).toString('utf8');
        received.push({ path, headers: req.headers, body: text ? JSON.parse(text) : undefined });
      }
      res.writeHead(status, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    attempts,
    /** Every log record received so far, flattened out of resourceLogs/scopeLogs. */
    logRecords: () =>
      received
        .filter((r) => r.path === '/v1/logs')
        .flatMap((r) => (r.body as OtlpLogs).resourceLogs.flatMap((rl) => rl.scopeLogs.flatMap((sl) => sl.logRecords))),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface OtlpKeyValue {
  key: string;
  value: Record<string, unknown>;
}
export interface OtlpLogRecord {
  timeUnixNano: string;
  eventName?: string;
  severityNumber?: number;
  traceId?: string;
  spanId?: string;
  attributes: OtlpKeyValue[];
}
export interface OtlpLogs {
  resourceLogs: { resource: { attributes: OtlpKeyValue[] }; scopeLogs: { logRecords: OtlpLogRecord[] }[] }[];
}

/** Attributes of an OTLP/JSON record as a plain object of their values. */
export function attributesOf(record: { attributes?: OtlpKeyValue[] }): Record<string, unknown> {
  return Object.fromEntries(
    (record.attributes ?? []).map(({ key, value }) => {
      const v = value.stringValue ?? value.intValue ?? value.doubleValue ?? value.boolValue;
      return [key, typeof v === 'string' && 'intValue' in value ? Number(v) : v];
    }),
  );
}
