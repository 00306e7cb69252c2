import { type ChildProcessByStdio, type ChildProcessWithoutNullStreams, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Readable } from 'node:stream';

/** CPU time and resident memory of one process at one instant, read from Linux's /proc. */
interface ProcSnapshot {
  atMs: number;
  cpuSeconds: number;
  rssBytes: number;
}

/** What a process used between two snapshots. */
export interface ProcUsage {
  cpuSeconds: number;
  /** Average CPU cores busy (1 = one core fully). */
  avgCores: number;
  peakRssBytes: number;
}

/**
 * CPU seconds (user + system) from the text of /proc/<pid>/stat. The command name in field 2 may
 * hold spaces and parentheses, so fields are counted after its last `)`.
 */
export function parseProcStatCpu(stat: string, clockTicksPerSecond: number): number {
  const afterName = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 (utime) and 15 (stime) of proc(5); afterName[0] is field 3.
  const utime = Number(afterName[11]);
  const stime = Number(afterName[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error('unreadable /proc/<pid>/stat');
  return (utime + stime) / clockTicksPerSecond;
}

/** Resident set size in bytes from the text of /proc/<pid>/status (`VmRSS: 1234 kB`). */
export function parseVmRssBytes(status: string): number {
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  return match ? Number(match[1]) * 1024 : 0;
}

/** Sums what a process used over a series of snapshots taken in time order. */
export function usageBetween(snapshots: readonly ProcSnapshot[]): ProcUsage {
  const first = snapshots[0];
  const last = snapshots[snapshots.length - 1];
  if (!first || !last || last.atMs <= first.atMs) return { cpuSeconds: 0, avgCores: 0, peakRssBytes: 0 };
  const cpuSeconds = last.cpuSeconds - first.cpuSeconds;
  return {
    cpuSeconds,
    avgCores: cpuSeconds / ((last.atMs - first.atMs) / 1000),
    peakRssBytes: Math.max(...snapshots.map((s) => s.rssBytes)),
  };
}

/** Busy and total CPU time of the whole machine (all cores), in clock ticks, from the `cpu` line of /proc/stat. */
export function parseMachineCpu(procStat: string): { busy: number; total: number } {
  const line = procStat.split('\n').find((l) => l.startsWith('cpu '));
  if (!line) throw new Error('no cpu line in /proc/stat');
  const ticks = line.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal (guest time is already inside user).
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = ticks;
  const busy = user + nice + system + irq + softirq + steal;
  return { busy, total: busy + idle + iowait };
}

/** Watches the whole machine's CPU until `stop()`, which returns the average number of busy cores. */
export function watchMachine(cores: number): { stop(): number } {
  const read = () => parseMachineCpu(readFileSync('/proc/stat', 'utf8'));
  const first = read();
  return {
    stop() {
      const last = read();
      const total = last.total - first.total;
      return total > 0 ? ((last.busy - first.busy) / total) * cores : 0;
    },
  };
}

let clockTicks: number | undefined;
function clockTicksPerSecond(): number {
  clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  return clockTicks;
}

/** Reads one snapshot of a live process; undefined once it has exited. */
export function snapshotProcess(pid: number): ProcSnapshot | undefined {
  try {
    return {
      atMs: performance.now(),
      cpuSeconds: parseProcStatCpu(readFileSync(`/proc/${pid}/stat`, 'utf8'), clockTicksPerSecond()),
      rssBytes: parseVmRssBytes(readFileSync(`/proc/${pid}/status`, 'utf8')),
    };
  } catch {
    return undefined;
  }
}

/** Samples a process every `intervalMs` until `stop()` is called, which returns the usage. */
export function watchProcess(pid: number, intervalMs = 250): { stop(): ProcUsage } {
  const snapshots: ProcSnapshot[] = [];
  const take = () => {
    const snap = snapshotProcess(pid);
    if (snap) snapshots.push(snap);
  };
  take();
  const timer = setInterval(take, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      return usageBetween(snapshots);
    },
  };
}

/**
 * Waits for a load generator `child` to exit while watching its CPU and memory, with its
 * stdout and stderr kept for an error message. `onStart` gets its pid (to exclude it from the
 * machine's other processes).
 */
export async function watchGenerator(
  child: ChildProcessWithoutNullStreams | ChildProcessByStdio<null, Readable, Readable>,
  onStart?: (pid: number) => void,
): Promise<{ exitCode: number; output: string; generatorUsage: ProcUsage }> {
  const watch = watchProcess(child.pid as number);
  onStart?.(child.pid as number);
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  const exitCode = await new Promise<number>((done, fail) => {
    child.on('error', fail);
    child.on('close', (code) => done(code ?? -1));
  });
  return { exitCode, output, generatorUsage: watch.stop() };
}
