import { describe, expect, it } from 'vitest';
import { freePort, requireBinary, startProcess, waitFor } from './process';

describe('freePort', () => {
  it('gives distinct usable ports', async () => {
    const [a, b] = [await freePort(), await freePort()];
    expect(a).toBeGreaterThan(1023);
    expect(b).toBeGreaterThan(1023);
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
