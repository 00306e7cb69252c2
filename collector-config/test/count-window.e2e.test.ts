import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { expectNothingLostOrDoubled } from './fault-expect';
import { describeFigures } from './fault-load';
import { type FaultRig, startRig, underLoad } from './fault-rig';

/**
 * The one moment a crash used to count twice, hit on purpose: Prometheus has stored a count write
 * and the Collector dies before it hears the answer. A relay between the Collector and the real
 * Prometheus holds the answer of the next write that Prometheus accepted, the test SIGKILLs the
 * Collector and restarts it on the same queue, and every accepted record must be counted once.
 * Without the count ledger every such kill counted its whole batch a second time.
 */

interface HeldAnswer {
  /** Ends the held exchange without an answer (the Collector that asked is gone). */
  drop(): void;
}

interface AnswerHoldingRelay {
  url: string;
  forwardTo(remoteWriteUrl: string): void;
  /** Resolves once Prometheus accepted a write whose answer is now held back. */
  holdNextAcceptedWrite(): Promise<HeldAnswer>;
  stop(): Promise<void>;
}

async function startRelay(): Promise<AnswerHoldingRelay> {
  let target = '';
  let waiting: ((held: HeldAnswer) => void) | undefined;
  const relay = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(req.headers)) {
      if (typeof value === 'string' && key !== 'host' && key !== 'content-length') headers[key] = value;
    }
    const answer = await fetch(target, { method: 'POST', headers, body: Buffer.concat(chunks) }).catch(() => undefined);
    if (!answer) return void res.writeHead(502).end();
    const body = Buffer.from(await answer.arrayBuffer());
    if (answer.ok && waiting) {
      const resolve = waiting;
      waiting = undefined;
      return resolve({ drop: () => res.destroy() });
    }
    res.writeHead(answer.status).end(body);
  };
  const server = createServer((req, res) => void relay(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/v1/write`,
    forwardTo(url) {
      target = url;
    },
    holdNextAcceptedWrite: () => new Promise((resolve) => (waiting = resolve)),
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('a crash between Prometheus storing a count write and the Collector hearing so', () => {
  it('counts every accepted record once, through three such SIGKILLs under load', async () => {
    const relay = await startRelay();
    cleanups.push(relay.stop);
    const rig: FaultRig = await startRig({ BILAN_PROMETHEUS_REMOTE_WRITE_URL: relay.url });
    cleanups.push(rig.stop);
    relay.forwardTo(rig.prometheus.remoteWriteUrl);
    let heldAnswers = 0;
    const figures = await underLoad(rig, 'fault-count-window', 10, 2, async () => {
      for (let kill = 0; kill < 3; kill++) {
        const held = await relay.holdNextAcceptedWrite();
        heldAnswers++;
        await rig.restartCollector('kill');
        held.drop();
      }
    });
    console.info(describeFigures('3 SIGKILLs, each after Prometheus stored a count write, before the answer', figures));
    expect(heldAnswers).toBe(3);
    expectNothingLostOrDoubled(figures);
  });
});
