import { execFileSync } from 'node:child_process';

/**
 * Where a Collector's CPU goes, by pipeline component, from a CPU profile of its pprof extension.
 *
 * `go tool pprof -traces` prints every sampled stack with the CPU time it took. Each stack is
 * charged to one component:
 * - garbage collection when any frame is the GC's own work (its background mark workers,
 *   sweeping and scavenging, and the mark assists a goroutine is made to do while allocating);
 * - else the component whose frame is nearest the leaf, so a processor's own allocations and map
 *   look-ups count for that processor, the exporters called by a batch count as exporters, and the
 *   decoding done by the receiver counts as decoding, not as the HTTP server around it;
 * - else "runtime and other" (scheduler, system calls, timers).
 */

/** A component and the frames (function names, package paths included) that belong to it. */
interface ComponentFrames {
  component: string;
  frame: RegExp;
}

export const GARBAGE_COLLECTION = 'garbage collection (background and assists)';
export const RUNTIME_AND_OTHER = 'runtime and other (scheduler, syscalls, timers)';

const GC_FRAME = /^runtime\.(gcBgMarkWorker|gcAssistAlloc|bgsweep|bgscavenge)/;

/** In the order a stack is searched at each frame; the first match wins. */
export const COMPONENT_FRAMES: readonly ComponentFrames[] = [
  { component: 'memory_limiter', frame: /memorylimiter/ },
  { component: 'redaction', frame: /\/redactionprocessor\./ },
  { component: 'transform on logs (event_labels, loki_event_name)', frame: /\/transformprocessor\/internal\/logs\./ },
  { component: 'transform/turn_labels', frame: /\/transformprocessor\/internal\/traces\./ },
  { component: 'transform/contract_series', frame: /\/transformprocessor\/internal\/metrics\./ },
  { component: 'signal_to_metrics', frame: /\/signaltometricsconnector/ },
  { component: 'delta_to_cumulative', frame: /\/deltatocumulativeprocessor/ },
  { component: 'remote-write exporter', frame: /\/prometheusremotewriteexporter/ },
  {
    component: 'OTLP exporters and their persistent queue (encoding, gzip, bbolt)',
    frame: /\/exporter\/(otlphttpexporter|exporterhelper)|\/filestorage\.|go\.etcd\.io\/bbolt/,
  },
  {
    component: "exporters' HTTP client (gzip, connections)",
    frame:
      /^net\/http\.(\(\*persistConn\)|\(\*Transport\)|\(\*Client\))|confighttp\.\(\*compressRoundTripper\)|otelhttp\.\(\*Transport\)/,
  },
  { component: 'batch processors', frame: /\/batchprocessor\./ },
  { component: 'receiver: OTLP decoding (JSON or protobuf)', frame: /otlpreceiver\.(jsonEncoder|protoEncoder)\./ },
  {
    component: 'receiver: HTTP server and OTLP handling',
    frame:
      /\/otlpreceiver|^net\/http\.(\(\*conn\)|\(\*connReader\)|\(\*response\)|\(\*chunkWriter\)|serverHandler|HandlerFunc|\(\*ServeMux\))|confighttp\.(\(\*decompressor\)|\(\*ServerConfig\)|\(\*clientInfoHandler\))/,
  },
  {
    component: "the Collector's own telemetry",
    frame: /prometheus\/client_golang|go\.opentelemetry\.io\/otel\/(sdk|exporters)\/|\/otelhttp/,
  },
];

/** One sampled stack: its CPU seconds and its frames, leaf first. */
interface SampledStack {
  seconds: number;
  frames: string[];
}

const UNIT_SECONDS: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, mins: 60, hrs: 3600 };

/** Seconds from a pprof duration such as `30ms`, `1.20s` or `10us`. */
export function pprofSeconds(text: string): number {
  const match = /^([0-9.]+)(ns|us|µs|ms|s|mins|hrs)$/.exec(text);
  if (!match) throw new Error(`not a pprof duration: ${text}`);
  return Number(match[1]) * (UNIT_SECONDS[match[2] as string] as number);
}

/** The stacks of `go tool pprof -traces` output. */
export function parsePprofTraces(text: string): SampledStack[] {
  const stacks: SampledStack[] = [];
  for (const block of text.split(/^-+\+-+$/m).slice(1)) {
    const lines = block.split('\n').filter((line) => line.trim() !== '');
    const first = /^\s*(\S+)\s+(.*)$/.exec(lines[0] ?? '');
    if (!first) continue;
    const frames = [first[2] as string, ...lines.slice(1).map((line) => line.trim())];
    stacks.push({ seconds: pprofSeconds(first[1] as string), frames: frames.map((f) => f.trim()) });
  }
  return stacks;
}

/** The component one stack is charged to (see the top of this file). */
export function componentOf(frames: readonly string[]): string {
  if (frames.some((frame) => GC_FRAME.test(frame))) return GARBAGE_COLLECTION;
  for (const frame of frames) {
    const owner = COMPONENT_FRAMES.find(({ frame: pattern }) => pattern.test(frame));
    if (owner) return owner.component;
  }
  return RUNTIME_AND_OTHER;
}

interface CpuBreakdown {
  totalSeconds: number;
  /** CPU seconds per component, every component of the list (0 when absent), GC and runtime last. */
  seconds: Map<string, number>;
}

/** Sums the stacks per component. */
export function cpuByComponent(stacks: readonly SampledStack[]): CpuBreakdown {
  const seconds = new Map<string, number>(
    [...COMPONENT_FRAMES.map((c) => c.component), GARBAGE_COLLECTION, RUNTIME_AND_OTHER].map((c) => [c, 0]),
  );
  let totalSeconds = 0;
  for (const stack of stacks) {
    const component = componentOf(stack.frames);
    seconds.set(component, (seconds.get(component) ?? 0) + stack.seconds);
    totalSeconds += stack.seconds;
  }
  return { totalSeconds, seconds };
}

/** Reads a CPU profile file (`.pb.gz`) with `go tool pprof -traces` and breaks it down. */
export function readCpuBreakdown(profilePath: string): CpuBreakdown {
  const text = execFileSync('go', ['tool', 'pprof', '-traces', profilePath], {
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return cpuByComponent(parsePprofTraces(text));
}

/** One Markdown table: a row per component, a column of shares (and seconds) per profile. */
export function renderBreakdownTable(columns: readonly { label: string; breakdown: CpuBreakdown }[]): string {
  const components = [...(columns[0]?.breakdown.seconds.keys() ?? [])];
  const percent = (part: number, whole: number) => (whole > 0 ? `${((100 * part) / whole).toFixed(1)} %` : '—');
  const header = [
    `| component | ${columns.map((c) => c.label).join(' | ')} |`,
    `| --- | ${columns.map(() => '---').join(' | ')} |`,
  ];
  const rows = components.map(
    (component) =>
      `| ${component} | ${columns.map(({ breakdown: b }) => percent(b.seconds.get(component) ?? 0, b.totalSeconds)).join(' | ')} |`,
  );
  const total = `| CPU sampled | ${columns.map(({ breakdown: b }) => `${b.totalSeconds.toFixed(2)} s`).join(' | ')} |`;
  return [...header, ...rows, total].join('\n');
}
