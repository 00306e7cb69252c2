import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ephemeralPortStart, freePort, requireBinary, startProcess, waitFor } from './process';

describe('freePort', () => {
  it('gives distinct ports below the ephemeral range that can be listened on', async () => {
    const ports = await Promise.all(Array.from({ length: 50 }, () => freePort()));
    expect(new Set(ports).size).toBe(50);
    const start = ephemeralPortStart();
    for (const port of ports) {
      expect(port).toBeGreaterThan(1023);
      expect(port).toBeLessThan(start);
    }
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(ports[0], '127.0.0.1', () => resolve());
    });
    await new Promise((resolve) => server.close(resolve));
  });

  it("reads where the kernel's ephemeral range starts, and falls back to Linux's default", () => {
    expect(ephemeralPortStart('49152\t65535\n')).toBe(49152);
    expect(ephemeralPortStart('')).toBe(32768);
    expect(ephemeralPortStart('garbage')).toBe(32768);
  });
});

describe('waitFor', () => {
  it('returns the first truthy value', async () => {
    let calls = 0;
    expect(await waitFor(() => (++calls === 3 ? 'ready' : undefined), { intervalMs: 1 })).toBe('ready');
  });

  it('names what it waited for when time runs out, with the last error', async () => {
    await expect(
      waitFor(
        () => {
          throw new Error('connection refused');
        },
        { timeoutMs: 30, intervalMs: 5, what: 'the moon' },
      ),
    ).rejects.toThrow(/timed out after 30 ms waiting for the moon: connection refused/);
  });
});

describe('requireBinary', () => {
  it('fails with how to get the binary (a missing prerequisite is never a skip)', () => {
    expect(() => requireBinary('/nonexistent/otelcol', 'run npm run collector:build')).toThrow(
      '/nonexistent/otelcol is missing: run npm run collector:build',
    );
  });
});

describe('startProcess', () => {
  it('reports a process that dies during start-up with its own output', async () => {
    await expect(
      startProcess({
        name: 'failing',
        command: process.execPath,
        args: ['-e', 'console.error("bad flag --foo"); process.exit(3)'],
        healthUrl: `http://127.0.0.1:${await freePort()}/`,
        startTimeoutMs: 5000,
      }),
    ).rejects.toThrow(/failing exited during start-up[\s\S]*bad flag --foo/);
  });

  it('waits for health, then stops only its own pid', async () => {
    const port = await freePort();
    const server = `require('http').createServer((q, s) => s.end('ok')).listen(${port}, '127.0.0.1')`;
    const proc = await startProcess({
      name: 'server',
      command: process.execPath,
      args: ['-e', server],
      healthUrl: `http://127.0.0.1:${port}/`,
    });
    expect((await fetch(`http://127.0.0.1:${port}/`)).ok).toBe(true);
    await proc.stop();
    expect(() => process.kill(proc.pid, 0)).toThrow();
  });
});
