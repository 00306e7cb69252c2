import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Root of the repository (stack/src/ is two levels down). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A process started by the stack: only this pid is ever signalled. */
export interface StartedProcess {
  pid: number;
  /** Last lines the process wrote, for error messages. */
  logTail(): string;
  stop(): Promise<void>;
  /** SIGKILL: the crash a fault test stages (no shutdown, nothing flushed). */
  kill(): Promise<void>;
}

export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** Shown in the error when time runs out. */
  what?: string;
}

/** Polls `check` until it returns a value other than undefined/false, or throws after the timeout. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  options: WaitOptions = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value as T;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const reason = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${options.what ?? 'a condition'}${reason}`);
    }
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 250));
  }
}

/**
 * Where the range the kernel draws `listen(0)` and outgoing-connection ports from starts. `freePort`
 * stays below it: a port the OS picked and released is soon handed to the next
 * `listen(0)` or connection of a test running beside this one, before the child we
 * start binds it (CI failed on that twice).
 */
export function ephemeralPortStart(text = readProcFile('/proc/sys/net/ipv4/ip_local_port_range')): number {
  const start = Number((text ?? '').trim().split(/\s+/)[0]);
  return Number.isInteger(start) && start > 2048 ? start : 32768; // Linux's default
}

function readProcFile(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

const PORT_FLOOR = 10_000;
/** Ports this process handed out: never twice, even once their first user is gone. */
const handedOut = new Set<number>();

/** A TCP port on 127.0.0.1, free a moment ago, drawn at random below the ephemeral range. */
export async function freePort(): Promise<number> {
  const ceiling = ephemeralPortStart();
  const floor = Math.min(PORT_FLOOR, ceiling - 1024);
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = floor + Math.floor(Math.random() * (ceiling - floor));
    if (handedOut.has(port)) continue;
    handedOut.add(port); // before the check, so concurrent calls never draw the same port
    if (await canListen(port)) return port;
  }
  throw new Error(`no free port on 127.0.0.1 between ${floor} and ${ceiling - 1} after 200 tries`);
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolveFree) => {
    const server = createServer();
    server.once('error', () => resolveFree(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolveFree(true)));
  });
}

export function tempDataDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `bilan-${prefix}-`));
}

/** Fails with an actionable message when a binary the stack needs is missing (never a skip). */
export function requireBinary(path: string, howToGet: string): string {
  if (!existsSync(path)) throw new Error(`${path} is missing: ${howToGet}`);
  return path;
}

export interface SpawnOptions {
  name: string;
  command: string;
  args: string[];
  env?: Record<string, string>;
  cwd?: string;
  /** URL answering 2xx once the process is ready. */
  healthUrl: string;
  startTimeoutMs?: number;
}

const LOG_TAIL_LINES = 200;

/** Spawns a binary, waits for its health URL, and hands back a handle that stops only this pid. */
export async function startProcess(options: SpawnOptions): Promise<StartedProcess> {
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Own process group: a terminal's Ctrl-C reaches only our Node process, which then stops the
    // components in order (the demo flushes before the Collector goes away).
    detached: true,
  });
  const tail: string[] = [];
  const keep = (chunk: Buffer) => {
    tail.push(...chunk.toString().split('\n').filter(Boolean));
    tail.splice(0, Math.max(0, tail.length - LOG_TAIL_LINES));
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  // 'close' comes after the exit and after the last output, so the log tail is complete.
  const exited = new Promise<number | null>((r) => child.once('close', (code) => r(code)));
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
  });
  const logTail = () => tail.join('\n');
  if (!child.pid) throw new Error(`${options.name}: could not start ${options.command}`);

  // Resolves 'exited' rather than throwing, since waitFor retries on errors.
  const state = await waitFor(
    async () => {
      if (hasExited) return 'exited';
      const res = await fetch(options.healthUrl).catch(() => undefined);
      return res?.ok === true && 'ready';
    },
    { timeoutMs: options.startTimeoutMs ?? 30_000, what: `${options.name} at ${options.healthUrl}` },
  ).catch((error: Error) => error);
  if (state !== 'ready') {
    await stopChild(child, exited);
    const reason = state === 'exited' ? `${options.name} exited during start-up` : state.message;
    throw new Error(`${reason}\n--- ${options.name} log ---\n${logTail()}`);
  }
  return { pid: child.pid, logTail, stop: () => stopChild(child, exited), kill: () => killChild(child, exited) };
}

async function killChild(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGKILL');
  await exited;
}

/** SIGTERM, then SIGKILL if the process is still there after 10 s. */
async function stopChild(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
