import type { LoadProfile } from '../../collector-config/bench/load-profile';
import type { MeasuredProfile } from '../../collector-config/bench/measure';
import { phaseCpuPerThousandRequests } from '../../collector-config/bench/report';
import { dashboardConfig } from '../../dashboards/src/config';
import type { Figure } from './figures';

/** What `npm run bench:ingest -- --profile=…` writes to collector-config/bench/results-<profile>.json. */
interface IngestProfileResults {
  profile: LoadProfile;
  runs: MeasuredProfile[];
}

const MIB = 1024 * 1024;

/**
 * The pipeline through the load profile, phase by phase, each figure as a ratio to the bare
 * receiver in the same run; then k6's verdict on the seed's thresholds.
 */
export function ingestFigures(results: IngestProfileResults): Figure[] {
  const pipeline = results.runs.find((r) => r.target === 'pipeline');
  const baseline = results.runs.find((r) => r.target === 'baseline');
  if (!pipeline) return [];
  const bench = `ingest (${results.profile.name})`;
  const t = results.profile.thresholds;
  const figures = results.profile.phases.flatMap(({ name, seconds }, i) => {
    const p = pipeline.phases[i];
    const b = baseline?.phases[i];
    if (!p) return [];
    const ratio = (ours: number, theirs: number | undefined) => (theirs && theirs > 0 ? { ratio: ours / theirs } : {});
    const cpu = phaseCpuPerThousandRequests(p, seconds);
    return [
      {
        bench,
        measure: `${name}: requests/s`,
        value: p.ratePerSecond.toFixed(0),
        target: '2,000/s (seed)',
        ...ratio(p.ratePerSecond, b?.ratePerSecond),
      },
      {
        bench,
        measure: `${name}: p95`,
        value: `${p.p95Ms.toFixed(1)} ms`,
        target: `< ${t.p95Ms} ms`,
        ...ratio(p.p95Ms, b?.p95Ms),
      },
      {
        bench,
        measure: `${name}: p99`,
        value: `${p.p99Ms.toFixed(1)} ms`,
        target: `< ${t.p99Ms} ms`,
        ...ratio(p.p99Ms, b?.p99Ms),
      },
      {
        bench,
        measure: `${name}: failed`,
        value: `${(p.failedShare * 100).toFixed(2)} %`,
        target: `< ${t.errorRate * 100} %`,
      },
      {
        bench,
        measure: `${name}: Collector CPU per 1,000 requests`,
        value: `${cpu.toFixed(2)} core-s`,
        target: '≤ 1.5× bare receiver',
        ...ratio(cpu, b ? phaseCpuPerThousandRequests(b, seconds) : undefined),
      },
      {
        bench,
        measure: `${name}: Collector peak RSS`,
        value: `${(p.collectorPeakRssBytes / MIB).toFixed(0)} MiB`,
        target: '',
        ...ratio(p.collectorPeakRssBytes, b?.collectorPeakRssBytes),
      },
      { bench, measure: `${name}: other processes' cores`, value: p.cores.other.toFixed(2), target: '' },
    ];
  });
  const verdict = pipeline.thresholds.map((m) => `${m.threshold} ${m.ok ? 'met' : 'not met'}`).join(', ');
  figures.push({ bench, measure: "seed's thresholds, pipeline", value: verdict, target: 'all met' });
  figures.push({
    bench,
    measure: 'events refused by the receiver (memory_limiter or a full sending queue)',
    value: String(pipeline.received.refused),
    target: '0',
  });
  figures.push({
    bench,
    measure: 'events refused by memory_limiter',
    value: String(pipeline.received.refusedByMemoryLimiter),
    target: '0',
  });
  return figures;
}

/** What `npm run bench -w @bilan/dashboards` writes to dashboards/bench/results.json. */
interface DashboardResults {
  days: number;
  baselineP50: number;
  timings: { scenario: string; p50: number; p95: number; execP95?: number }[];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

/**
 * Per scenario of the 30-day queries: the slowest P95, how many meet the target, the median P50
 * as a ratio to vector(1); and where Prometheus reported its execution time, the slowest P95 of
 * that alone and how many meet the target on it (no parsing, HTTP or client).
 */
export function dashboardFigures(results: DashboardResults): Figure[] {
  const targetMs = dashboardConfig.analyticsQuerySeconds.warning * 1000;
  const bench = `dashboards (${results.days} days)`;
  const scenarios = [...new Set(results.timings.map((t) => t.scenario))];
  return scenarios.flatMap((scenario) => {
    const timings = results.timings.filter((t) => t.scenario === scenario);
    const within = timings.filter((t) => t.p95 <= targetMs).length;
    return [
      {
        bench,
        measure: `${scenario}: slowest query P95`,
        value: `${Math.max(...timings.map((t) => t.p95)).toFixed(1)} ms`,
        target: `≤ ${targetMs} ms`,
      },
      { bench, measure: `${scenario}: queries within target`, value: `${within} of ${timings.length}`, target: 'all' },
      {
        bench,
        measure: `${scenario}: median query P50`,
        value: `${median(timings.map((t) => t.p50)).toFixed(1)} ms`,
        target: '',
        ratio: median(timings.map((t) => t.p50 / results.baselineP50)),
      },
      ...executionFigures(bench, scenario, timings, targetMs),
    ];
  });
}

function executionFigures(
  bench: string,
  scenario: string,
  timings: DashboardResults['timings'],
  targetMs: number,
): Figure[] {
  const execP95 = timings.flatMap((t) => (t.execP95 === undefined ? [] : [t.execP95]));
  if (execP95.length === 0) return [];
  return [
    {
      bench,
      measure: `${scenario}: slowest query P95, Prometheus's execution alone`,
      value: `${Math.max(...execP95).toFixed(1)} ms`,
      target: `≤ ${targetMs} ms`,
    },
    {
      bench,
      measure: `${scenario}: queries within target, Prometheus's execution alone`,
      value: `${execP95.filter((ms) => ms <= targetMs).length} of ${execP95.length}`,
      target: 'all',
    },
  ];
}
