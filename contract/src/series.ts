/**
 * Prometheus series of the contract and their labels. `user.id`, conversation
 * and turn ids never become labels (cardinality).
 */
export const LABEL = {
  serviceName: 'service_name',
  /** From `deployment.environment.name`; lets every dashboard filter by environment. */
  environment: 'environment',
  feature: 'feature',
  model: 'model',
  promptVersion: 'prompt_version',
  rating: 'rating',
  outcome: 'outcome',
  journey: 'journey',
  step: 'step',
  tokenType: 'token_type',
  reason: 'reason',
} as const;

/** Value of a label whose attribute was absent. */
export const LABEL_VALUE_UNSET = 'none';
/** Value that bounded labels fold into beyond their allowlist or limit. */
export const LABEL_VALUE_OTHER = 'other';

const { serviceName, environment, feature, model, promptVersion, rating, outcome, journey, step, tokenType, reason } =
  LABEL;

export interface SeriesSpec {
  readonly name: string;
  readonly type: 'counter' | 'histogram';
  readonly labels: readonly string[];
  readonly help: string;
}

function series(spec: SeriesSpec): SeriesSpec {
  return spec;
}

export const SERIES = {
  votes: series({
    name: 'bilan_votes_total',
    type: 'counter',
    labels: [serviceName, environment, feature, model, promptVersion, rating],
    help: 'User votes on AI turns',
  }),
  turns: series({
    name: 'bilan_turns_total',
    type: 'counter',
    labels: [serviceName, environment, feature, model, outcome],
    help: 'AI turns by outcome',
  }),
  turnDuration: series({
    name: 'bilan_turn_duration_seconds',
    type: 'histogram',
    labels: [serviceName, environment, feature, model],
    help: 'AI turn latency',
  }),
  turnTokens: series({
    name: 'bilan_turn_tokens_total',
    type: 'counter',
    labels: [serviceName, environment, feature, model, tokenType],
    help: 'Tokens used by AI turns, input and output',
  }),
  conversationsStarted: series({
    name: 'bilan_conversations_started_total',
    type: 'counter',
    labels: [serviceName, environment, feature],
    help: 'Conversations started',
  }),
  conversationsEnded: series({
    name: 'bilan_conversations_ended_total',
    type: 'counter',
    labels: [serviceName, environment, feature, outcome],
    help: 'Conversations ended, by outcome',
  }),
  journeySteps: series({
    name: 'bilan_journey_steps_total',
    type: 'counter',
    labels: [serviceName, environment, journey, step],
    help: 'Journey steps reached',
  }),
  journeysEnded: series({
    name: 'bilan_journeys_ended_total',
    type: 'counter',
    labels: [serviceName, environment, journey, outcome],
    help: 'Journeys completed or abandoned',
  }),
  regenerations: series({
    name: 'bilan_regenerations_total',
    type: 'counter',
    labels: [serviceName, environment, feature, model],
    help: 'Answers the user asked to regenerate',
  }),
  pageLoad: series({
    name: 'bilan_page_load_duration_seconds',
    type: 'histogram',
    labels: [serviceName, environment],
    help: 'Browser page-load time reported by the web SDK',
  }),
  sdkDropped: series({
    name: 'bilan_sdk_dropped_events_total',
    type: 'counter',
    labels: [serviceName, environment, reason],
    help: 'Events the SDK could not deliver',
  }),
} as const;

export type SeriesKey = keyof typeof SERIES;

/**
 * Labels a narrow series sums away: the many-valued ones a view with "All" filters does not
 * need. Environment and service stay on every series: they are few, and every view filters by them.
 */
export const NARROWABLE_LABELS: readonly string[] = [feature, model, promptVersion];

/** The counters the Collector also writes narrow: the ones that are counted over a range. */
const NARROWED: readonly SeriesKey[] = [
  'votes',
  'turns',
  'turnTokens',
  'regenerations',
  'conversationsStarted',
  'conversationsEnded',
];

/**
 * A contract counter written again without some narrowable labels: the same per-flush counts,
 * summed over the labels it drops, so a count that sums them away reads a handful of series
 * instead of thousands (`bilan_<name>_without_<labels>_total`).
 */
export interface NarrowSeriesSpec extends SeriesSpec {
  readonly source: SeriesSpec;
  readonly without: readonly string[];
}

function subsetsOf(labels: readonly string[]): string[][] {
  const all: string[][] = [[]];
  for (const label of labels) all.push(...all.map((subset) => [...subset, label]));
  return all;
}

/** `source` without `without` (narrowable labels it carries). */
export function narrowSeries(source: SeriesSpec, without: readonly string[]): NarrowSeriesSpec {
  const stem = source.name.replace(/_total$/, '');
  return {
    name: `${stem}_without_${without.join('_')}_total`,
    type: 'counter',
    labels: source.labels.filter((l) => !without.includes(l)),
    help: `${source.help}, without ${without.join(', ')}`,
    source,
    without,
  };
}

/** Every narrow series: each narrowed counter without each non-empty subset of its narrowable labels. */
export const NARROW_SERIES: readonly NarrowSeriesSpec[] = NARROWED.flatMap((key) => {
  const source = SERIES[key];
  const narrowable = NARROWABLE_LABELS.filter((l) => source.labels.includes(l));
  return subsetsOf(narrowable)
    .filter((without) => without.length > 0)
    .map((without) => narrowSeries(source, without));
});

/** The series of `source`'s per-flush counts without `without`: the source itself when nothing is dropped. */
export function rawSeriesWithout(source: SeriesSpec, without: readonly string[]): SeriesSpec {
  if (without.length === 0) return source;
  const found = NARROW_SERIES.find(
    (s) => s.source === source && s.without.length === without.length && without.every((l) => s.without.includes(l)),
  );
  if (!found) throw new Error(`the Collector writes no ${source.name} without [${without.join(', ')}]`);
  return found;
}
