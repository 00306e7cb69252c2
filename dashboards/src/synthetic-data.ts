import {
  COLLECTOR_METRIC,
  CONVERSATION_OUTCOME,
  JOURNEY_OUTCOME,
  LABEL,
  NARROW_SERIES,
  SERIES,
  type SeriesSpec,
  TOKEN_TYPE,
  TURN_OUTCOME,
} from '@bilan/contract';
import { seededRandom } from '@bilan/stack';
import { SIGNAL_METRICS } from './queries/pipeline';

/**
 * Synthetic history of every series the dashboards read, as OpenMetrics text for
 * `promtool tsdb create-blocks-from openmetrics`. Deterministic (seeded), rates follow a
 * daily cycle; the contract's counts are written one sample per step, as the Collector does.
 */

export interface SyntheticShape {
  readonly features: number;
  readonly models: number;
  readonly promptVersions: number;
  /** Unix seconds where every counter is 0 (the history's start). */
  readonly origin: number;
  /** First and last sample time written by this call, Unix seconds (a window of the history). */
  readonly start: number;
  readonly end: number;
  /** Seconds between samples of a series. */
  readonly step: number;
  readonly turnsPerHour: number;
  /** Share of turns that get a vote. */
  readonly voteShare: number;
}

const LATENCY_BUCKETS = [0.25, 0.5, 1, 2, 4, 8, 16, 32] as const;
const SERVICE = 'bench-app';
const ENVIRONMENT = 'production';
const JOURNEYS = ['onboarding', 'checkout', 'support'] as const;
const STEPS = ['start', 'details', 'review', 'done'] as const;

function labels(pairs: Record<string, string>): string {
  return `{${Object.entries(pairs)
    .map(([k, v]) => `${k}="${v}"`)
    .join(',')}}`;
}

const DAY = 86400;

/** ∫ of the daily traffic cycle (0.6 + 0.4·sin, between 0.2 and 1 of the peak) from `origin` to `t`: a counter's value in closed form, so any window can be written alone. */
export function cumulativeTraffic(origin: number, t: number): number {
  const w = (2 * Math.PI) / DAY;
  return 0.6 * (t - origin) + (0.4 / w) * (Math.cos(w * origin) - Math.cos(w * t));
}

/** The first sample time on the step grid (counted from `origin`) at or after `start`. */
export function firstSample(shape: Pick<SyntheticShape, 'origin' | 'start' | 'step'>): number {
  return shape.start + ((shape.step - ((shape.start - shape.origin) % shape.step)) % shape.step);
}

interface CounterSeries {
  readonly name: string;
  readonly labels: string;
  /** Expected increase per second at the peak. */
  readonly peakRate: number;
}

/**
 * A cumulative counter family (the Collector's own counters, the latency histogram): every
 * series' running totals in time order (what promtool expects); each series gets its own weight.
 */
function* counterFamily(family: string, series: readonly CounterSeries[], shape: SyntheticShape, seed: number) {
  // OpenMetrics names counter samples `<family>_total`; the Collector's counters lack the suffix, so they go as `unknown`.
  const type = series[0]?.name.endsWith('_total') ? 'counter' : 'unknown';
  yield `# TYPE ${family} ${type}\n`;
  const random = seededRandom(seed);
  const first = firstSample(shape);
  for (const s of series) {
    const weight = 0.5 + random();
    const total = (t: number) => Math.floor(s.peakRate * weight * cumulativeTraffic(shape.origin, t));
    const lines: string[] = [];
    for (let t = first; t <= shape.end; t += shape.step) lines.push(`${s.name}${s.labels} ${total(t)} ${t}\n`);
    yield lines.join('');
  }
}

interface CountSeries {
  readonly labels: Readonly<Record<string, string>>;
  /** Expected events per second at the peak. */
  readonly peakRate: number;
}

/**
 * A contract count family: one sample per step holding the events of that step, as the
 * Collector writes it; then each of its narrow series (`NARROW_SERIES`), the same samples
 * summed over the labels it drops, as the Collector writes those too.
 */
function* countFamily(source: SeriesSpec, series: readonly CountSeries[], shape: SyntheticShape, seed: number) {
  const random = seededRandom(seed);
  const times: number[] = [];
  for (let t = firstSample(shape); t <= shape.end; t += shape.step) times.push(t);
  const counts = series.map((s) => {
    const weight = 0.5 + random();
    const total = (t: number) => Math.floor(s.peakRate * weight * cumulativeTraffic(shape.origin, t));
    return times.map((t) => total(t) - total(Math.max(shape.origin, t - shape.step)));
  });
  for (const spec of [source, ...NARROW_SERIES.filter((n) => n.source === source)]) {
    const summed = new Map<string, number[]>();
    series.forEach((s, i) => {
      const key = labels(Object.fromEntries(spec.labels.map((l) => [l, s.labels[l] ?? ''])));
      const sum = summed.get(key) ?? times.map(() => 0);
      counts[i]?.forEach((v, j) => {
        sum[j] = (sum[j] ?? 0) + v;
      });
      summed.set(key, sum);
    });
    yield `# TYPE ${familyOf(spec.name)} gauge\n`;
    for (const [key, sum] of summed) yield times.map((t, j) => `${spec.name}${key} ${sum[j]} ${t}\n`).join('');
  }
}

function* gaugeFamily(
  family: string,
  series: ReadonlyArray<{ labels: string; value: (t: number) => number }>,
  shape: SyntheticShape,
) {
  yield `# TYPE ${family} gauge\n`;
  const first = firstSample(shape);
  for (const s of series) {
    const lines: string[] = [];
    for (let t = first; t <= shape.end; t += shape.step) lines.push(`${family}${s.labels} ${s.value(t)} ${t}\n`);
    yield lines.join('');
  }
}

function familyOf(name: string): string {
  return name.replace(/_total$/, '').replace(/_bucket$/, '');
}

function dims(shape: SyntheticShape) {
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    features: Array.from({ length: shape.features }, (_, i) => `feature-${pad(i)}`),
    models: Array.from({ length: shape.models }, (_, i) => `model-${i}`),
    promptVersions: Array.from({ length: shape.promptVersions }, (_, i) => `v${i + 1}`),
  };
}

/** Every chunk of the OpenMetrics document, ending with `# EOF`. */
export function* openMetrics(shape: SyntheticShape): Generator<string> {
  const { features, models, promptVersions } = dims(shape);
  const base = { [LABEL.serviceName]: SERVICE, [LABEL.environment]: ENVIRONMENT };
  const turnRate = shape.turnsPerHour / 3600;
  const fm = features.flatMap((feature) => models.map((model) => ({ ...base, feature, model })));

  const votes = fm.flatMap((l) =>
    promptVersions.flatMap((prompt_version, p) =>
      (['positive', 'negative'] as const).map((rating) => ({
        labels: { ...l, prompt_version, rating },
        peakRate:
          (turnRate * shape.voteShare * (rating === 'positive' ? 0.9 - p * 0.05 : 0.1 + p * 0.05)) /
          promptVersions.length,
      })),
    ),
  );
  yield* countFamily(SERIES.votes, votes, shape, 1);
  const turns = fm.flatMap((l) =>
    TURN_OUTCOME.map((outcome) => ({
      labels: { ...l, outcome },
      peakRate: turnRate * (outcome === 'error' ? 0.02 : 0.98),
    })),
  );
  yield* countFamily(SERIES.turns, turns, shape, 2);
  const tokens = fm.flatMap((l) =>
    TOKEN_TYPE.map((token_type) => ({
      labels: { ...l, token_type },
      peakRate: turnRate * (token_type === 'input' ? 800 : 300),
    })),
  );
  yield* countFamily(SERIES.turnTokens, tokens, shape, 3);
  const regenerations = fm.map((l) => ({
    labels: l,
    peakRate: turnRate * 0.04,
  }));
  yield* countFamily(SERIES.regenerations, regenerations, shape, 4);

  // Histogram: cumulative buckets, so each bucket's rate is the share of turns at or under its bound.
  const duration = SERIES.turnDuration.name;
  const histogram = fm.flatMap((l) => [
    ...[...LATENCY_BUCKETS.map(String), '+Inf'].map((le, i) => ({
      name: `${duration}_bucket`,
      labels: labels({ ...l, le }),
      peakRate: turnRate * Math.min(1, 0.1 + i * 0.13),
    })),
    { name: `${duration}_count`, labels: labels(l), peakRate: turnRate },
    { name: `${duration}_sum`, labels: labels(l), peakRate: turnRate * 2.5 },
  ]);
  // The three histogram parts must share one family header; bucket/count/sum rows stay consistent in rate.
  yield `# TYPE ${duration} histogram\n`;
  for (const chunk of counterFamily(duration, histogram, shape, 5)) if (!chunk.startsWith('#')) yield chunk;

  const conversations = features.map((feature) => ({ ...base, feature }));
  yield* countFamily(
    SERIES.conversationsStarted,
    conversations.map((l) => ({ labels: l, peakRate: turnRate })),
    shape,
    6,
  );
  yield* countFamily(
    SERIES.conversationsEnded,
    conversations.flatMap((l) =>
      CONVERSATION_OUTCOME.map((outcome, i) => ({
        labels: { ...l, outcome },
        peakRate: turnRate * (i === 0 ? 0.7 : 0.15),
      })),
    ),
    shape,
    7,
  );
  yield* countFamily(
    SERIES.journeySteps,
    JOURNEYS.flatMap((journey) =>
      STEPS.map((step, i) => ({
        labels: { ...base, journey, step },
        peakRate: turnRate * 10 * 0.7 ** i,
      })),
    ),
    shape,
    8,
  );
  yield* countFamily(
    SERIES.journeysEnded,
    JOURNEYS.flatMap((journey) =>
      JOURNEY_OUTCOME.map((outcome) => ({
        labels: { ...base, journey, outcome },
        peakRate: turnRate * (outcome === 'completed' ? 3 : 2),
      })),
    ),
    shape,
    9,
  );
  yield* countFamily(
    SERIES.sdkDropped,
    ['queue_full', 'export_failed'].map((reason) => ({
      labels: { ...base, reason },
      peakRate: 0.001,
    })),
    shape,
    10,
  );
  yield* collectorFamilies(shape);
  yield '# EOF\n';
}

/** The Collector's and Prometheus's own metrics, one instance each. */
function* collectorFamilies(shape: SyntheticShape): Generator<string> {
  const job = { job: 'otelcol-bilan', instance: 'collector:8888' };
  for (const [i, group] of Object.values(SIGNAL_METRICS).entries()) {
    for (const name of Object.values(group)) {
      yield* counterFamily(name, [{ name, labels: labels(job), peakRate: i === 0 ? 50 : 0.01 }], shape, 20 + i);
    }
  }
  const histograms = [
    {
      family: COLLECTOR_METRIC.batchSendSize,
      extra: {} as Record<string, string>,
      bounds: ['10', '100', '1000', '+Inf'],
    },
    {
      family: COLLECTOR_METRIC.httpServerRequestDuration,
      extra: { http_route: '/v1/logs' },
      bounds: ['0.005', '0.01', '0.025', '0.05', '+Inf'],
    },
  ];
  for (const [i, h] of histograms.entries()) {
    yield `# TYPE ${h.family} histogram\n`;
    const series = h.bounds.map((le, b) => ({
      name: `${h.family}_bucket`,
      labels: labels({ ...job, ...h.extra, le }),
      peakRate: 5 + b * 10,
    }));
    for (const chunk of counterFamily(h.family, series, shape, 30 + i)) if (!chunk.startsWith('#')) yield chunk;
  }
  const exporters = ['otlp_http/loki', 'otlp_http/tempo'].map((exporter) => labels({ ...job, exporter }));
  yield* gaugeFamily(
    COLLECTOR_METRIC.exporterQueueSize,
    exporters.map((l) => ({ labels: l, value: (t) => (t / 60) % 50 })),
    shape,
  );
  yield* gaugeFamily(
    COLLECTOR_METRIC.exporterQueueCapacity,
    exporters.map((l) => ({ labels: l, value: () => 1000 })),
    shape,
  );
  yield* gaugeFamily(
    COLLECTOR_METRIC.processMemoryRss,
    [{ labels: labels(job), value: (t) => 2e8 + (t % 3600) * 1e4 }],
    shape,
  );
  yield* counterFamily(
    familyOf(COLLECTOR_METRIC.processCpuSeconds),
    [{ name: COLLECTOR_METRIC.processCpuSeconds, labels: labels(job), peakRate: 0.2 }],
    shape,
    32,
  );
  const prom = { job: 'prometheus', instance: 'prometheus:9090', slice: 'inner_eval' };
  yield* gaugeFamily(
    'prometheus_engine_query_duration_seconds',
    ['0.5', '0.9', '0.99'].map((quantile, i) => ({
      labels: labels({ ...prom, quantile }),
      value: () => 0.002 * (i + 1),
    })),
    shape,
  );
}
