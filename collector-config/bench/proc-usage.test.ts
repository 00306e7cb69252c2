import { describe, expect, it } from 'vitest';
import {
  parseMachineCpu,
  parseProcStatCpu,
  parseVmRssBytes,
  snapshotProcess,
  usageBetween,
  watchMachine,
  watchProcess,
} from './proc-usage';

/** Spins until this process has used `ms` of CPU time (not wall time: the machine may be busy). */
function burnCpu(ms: number): void {
  const start = process.cpuUsage();
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const used = process.cpuUsage(start);
    if ((used.user + used.system) / 1000 >= ms) return;
    for (let i = 0; i < 10_000; i++) Math.sqrt(i);
  }
}

describe('parseProcStatCpu', () => {
  it('adds utime and stime, counting fields after the command name', () => {
    const stat = '4242 (otel col (x)) S 1 4242 4242 0 -1 4194560 900 0 0 0 250 50 0 0 20 0 12 0 100 0 0';
    expect(parseProcStatCpu(stat, 100)).toBe(3);
  });

  it('throws on text that is not a stat line', () => {
    expect(() => parseProcStatCpu('nonsense', 100)).toThrow(/unreadable/);
  });
});

describe('parseVmRssBytes', () => {
  it('reads VmRSS in bytes', () => {
    expect(parseVmRssBytes('Name:\tk6\nVmRSS:\t   2048 kB\nThreads: 4\n')).toBe(2048 * 1024);
  });

  it('is 0 when the line is absent (a zombie has none)', () => {
    expect(parseVmRssBytes('Name:\tk6\n')).toBe(0);
  });
});

describe('usageBetween', () => {
  it('derives CPU seconds, average cores and peak memory', () => {
    const usage = usageBetween([
      { atMs: 0, cpuSeconds: 10, rssBytes: 100 },
      { atMs: 1000, cpuSeconds: 11, rssBytes: 300 },
      { atMs: 2000, cpuSeconds: 13, rssBytes: 200 },
    ]);
    expect(usage).toEqual({ cpuSeconds: 3, avgCores: 1.5, peakRssBytes: 300 });
  });

  it('is all zero for fewer than two instants', () => {
    expect(usageBetween([{ atMs: 5, cpuSeconds: 1, rssBytes: 9 }])).toEqual({
      cpuSeconds: 0,
      avgCores: 0,
      peakRssBytes: 0,
    });
  });
});

describe('watchProcess', () => {
  it('measures the CPU this very process burns', async () => {
    const watch = watchProcess(process.pid, 20);
    burnCpu(300);
    await new Promise((resolve) => setTimeout(resolve, 30));
    const usage = watch.stop();
    expect(usage.cpuSeconds).toBeGreaterThan(0.2);
    expect(usage.peakRssBytes).toBeGreaterThan(1024 * 1024);
  });

  it('gives no snapshot for a process that does not exist', () => {
    expect(snapshotProcess(2 ** 30)).toBeUndefined();
  });
});

describe('parseMachineCpu', () => {
  it('counts idle and iowait as not busy', () => {
    const stat = 'cpu  100 5 20 800 50 3 2 0 0 0\ncpu0 50 2 10 400 25 1 1 0 0 0\nintr 1';
    expect(parseMachineCpu(stat)).toEqual({ busy: 130, total: 980 });
  });

  it('throws without a cpu line', () => {
    expect(() => parseMachineCpu('intr 1')).toThrow(/no cpu line/);
  });
});

describe('watchMachine', () => {
  it('sees at least the CPU this process burns', () => {
    const watch = watchMachine(2);
    const started = performance.now();
    burnCpu(300);
    const ownCores = 0.3 / ((performance.now() - started) / 1000);
    expect(watch.stop()).toBeGreaterThan(ownCores * 0.8);
  });
});
