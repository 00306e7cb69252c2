import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One Alertmanager webhook delivery: the path it was posted to and its JSON body. */
export interface WebhookDelivery {
  path: string;
  /** The Authorization header Alertmanager sent, if any. */
  authorization?: string;
  body: {
    status: string;
    receiver: string;
    alerts: { status: string; labels: Record<string, string>; annotations: Record<string, string> }[];
  };
}

/** A webhook receiver on 127.0.0.1 (OS-chosen port) that records what Alertmanager posts to it. */
export async function startWebhookReceiver(): Promise<{
  url: string;
  deliveries: WebhookDelivery[];
  stop(): Promise<void>;
}> {
  const deliveries: WebhookDelivery[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        deliveries.push({
          path: req.url ?? '',
          authorization: req.headers.authorization,
          body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
        });
        res.writeHead(200).end();
      } catch {
        res.writeHead(400).end('not JSON');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    deliveries,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
