// k6 ingest benchmark: OTLP/HTTP JSON posts of 10-event batches against the Collector.
// Run through `npm run bench:ingest -w collector-config` (or ingest.test.ts), which starts the
// pipeline and passes the settings below as environment variables.
//
//   OTLP_URL      base URL of the Collector's OTLP/HTTP receiver (required)
//   BILAN_NAMES   path of the contract-names JSON written from @bilan/contract (required)
//   RATE          requests per second (default 2000)
//   DURATION      k6 duration (default 30s)
//   VUS           pre-allocated virtual users; MAX_VUS the ceiling (defaults 50 / 400)
//   SUMMARY_PATH  where handleSummary writes the k6 summary as JSON (optional)
//   PROFILE       JSON of a load profile instead of a fixed rate (load-profile.ts writes it):
//                 { stages, thresholds, phases: [{ name, endSeconds }], pauseSeconds }; each request is tagged
//                 with its phase, so the summary has figures per phase
//
// Four requests in five carry a batch of feedback log records (votes in their turn's trace,
// conversation start/end, a journey step, a regeneration), the fifth a batch of turn spans.
import { check, sleep } from 'k6';
import exec from 'k6/execution';
import http from 'k6/http';

const EVENTS_PER_BATCH = 10;

function required(name) {
  const value = __ENV[name];
  if (!value) throw new Error(`ingest.js: environment variable ${name} is required`);
  return value;
}

const names = JSON.parse(open(required('BILAN_NAMES')));
const baseUrl = required('OTLP_URL').replace(/\/$/, '');
const rate = Number(__ENV.RATE || 2000);

const profile = __ENV.PROFILE ? JSON.parse(__ENV.PROFILE) : undefined;

const fixedRate = {
  scenario: {
    executor: 'constant-arrival-rate',
    rate,
    timeUnit: '1s',
    duration: __ENV.DURATION || '30s',
    preAllocatedVUs: Number(__ENV.VUS || 50),
    maxVUs: Number(__ENV.MAX_VUS || 400),
  },
  // The seed's target. A crossed threshold makes k6 exit 99; the runner reports it.
  thresholds: { http_req_duration: ['p(99)<=20'], http_req_failed: ['rate==0'] },
};

/** Thresholds that always hold, listed only so that the summary carries these sub-metrics. */
function perPhase(phases) {
  const listed = {};
  for (const { name } of phases) {
    listed[`http_reqs{phase:${name}}`] = ['count>=0'];
    listed[`http_req_duration{phase:${name}}`] = ['max>=0'];
    listed[`http_req_failed{phase:${name}}`] = ['rate>=0'];
  }
  return listed;
}

export const options = {
  discardResponseBodies: true,
  summaryTrendStats: ['avg', 'min', 'med', 'p(90)', 'p(95)', 'p(99)', 'max'],
  scenarios: {
    ingest: profile ? { executor: 'ramping-vus', startVUs: 0, stages: profile.stages } : fixedRate.scenario,
  },
  thresholds: {
    ...(profile ? { ...profile.thresholds, ...perPhase(profile.phases) } : fixedRate.thresholds),
    // Listed so that the summary carries a count per signal.
    'http_reqs{signal:logs}': ['count>=0'],
    'http_reqs{signal:traces}': ['count>=0'],
  },
};

/** The profile phase a request falls in, from the time since the test started. */
function phaseNow() {
  const seconds = exec.instance.currentTestRunDuration / 1000;
  const phase = profile.phases.find((p) => seconds < p.endSeconds) ?? profile.phases[profile.phases.length - 1];
  return phase.name;
}

// --- OTLP/JSON building blocks (built once per VU; per request only ids and times change) ---

const str = (key, value) => ({ key, value: { stringValue: value } });
const num = (key, value) => ({ key, value: { doubleValue: value } });
const int = (key, value) => ({ key, value: { intValue: value } });

const resource = {
  attributes: [
    str(names.resource.serviceName, 'bench-app'),
    str(names.resource.serviceVersion, '1.0.0'),
    str(names.resource.environment, 'bench'),
  ],
};
const scope = { name: '@bilan/sdk', version: '0.1.0' };

const FEATURES = ['chat', 'search', 'summarise'];
const MODELS = ['gpt-4o', 'claude-sonnet'];

// Placeholders replaced per request: fresh trace/span ids and the current time.
const TRACE = '__TRACE__';
const SPAN = '__SPAN__';
const NOW = '__NOW__';
const LATER = '__LATER__';

function turnLabels(n) {
  return [
    str(names.attr.feature, FEATURES[n % FEATURES.length]),
    str(names.attr.requestModel, MODELS[n % MODELS.length]),
    str(names.attr.promptVersion, `v${1 + (n % 3)}`),
    str(names.attr.conversationId, `conv-${n}`),
    str(names.attr.userId, `user-${n % 50}`),
  ];
}

function logRecord(eventName, attributes, inTrace) {
  const record = {
    timeUnixNano: NOW,
    observedTimeUnixNano: NOW,
    severityNumber: 9,
    severityText: 'INFO',
    eventName,
    attributes,
  };
  if (inTrace) Object.assign(record, { traceId: TRACE, spanId: SPAN, flags: 1 });
  return record;
}

/** Ten feedback events: six votes (73% positive overall), a conversation start and end, a journey step, a regeneration. */
function feedbackTemplate(n) {
  const records = [];
  for (let v = 0; v < 6; v++) {
    const positive = (n * 6 + v) % 100 < 73;
    records.push(
      logRecord(
        names.event.evaluationResult,
        [
          str(names.attr.evaluationName, names.evaluationName.userFeedback),
          num(names.attr.evaluationScoreValue, positive ? 1 : -1),
          str(names.attr.evaluationScoreLabel, positive ? names.ratings[0] : names.ratings[1]),
          str(names.attr.turnId, `turn-${n}-${v}`),
          ...turnLabels(n + v),
        ],
        true,
      ),
    );
  }
  const feature = str(names.attr.feature, FEATURES[n % FEATURES.length]);
  const outcomes = names.conversationOutcomes;
  records.push(logRecord(names.event.conversationStart, [str(names.attr.conversationId, `conv-${n}`), feature], false));
  records.push(
    logRecord(
      names.event.conversationEnd,
      [
        str(names.attr.conversationId, `conv-${n}`),
        str(names.attr.conversationOutcome, outcomes[n % outcomes.length]),
        feature,
      ],
      false,
    ),
  );
  records.push(
    logRecord(
      names.event.journeyStep,
      [
        str(names.attr.journeyName, 'onboarding'),
        str(names.attr.journeyStep, `step-${n % 4}`),
        int(names.attr.journeyStepIndex, n % 4),
      ],
      false,
    ),
  );
  records.push(
    logRecord(
      names.event.turnRegenerate,
      [str(names.attr.turnId, `turn-${n}-0`), feature, str(names.attr.requestModel, MODELS[n % MODELS.length])],
      true,
    ),
  );
  return JSON.stringify({ resourceLogs: [{ resource, scopeLogs: [{ scope, logRecords: records }] }] });
}

/** Ten turn spans (kind CLIENT), one in ten failing with a contract error type. */
function turnTemplate(n) {
  const spans = [];
  for (let s = 0; s < EVENTS_PER_BATCH; s++) {
    const failed = (n + s) % 10 === 0;
    const model = MODELS[(n + s) % MODELS.length];
    const attributes = [
      str(names.attr.operationName, 'chat'),
      str(names.attr.providerName, 'openai'),
      str(names.attr.responseModel, model),
      int(names.attr.inputTokens, 200 + s),
      int(names.attr.outputTokens, 80 + s),
      str(names.attr.turnId, `turn-${n}-${s}`),
      ...turnLabels(n + s),
    ];
    if (failed) attributes.push(str(names.attr.errorType, names.turnErrorTypes[s % names.turnErrorTypes.length]));
    spans.push({
      traceId: TRACE,
      spanId: SPAN,
      name: `chat ${model}`,
      kind: 3,
      startTimeUnixNano: NOW,
      endTimeUnixNano: LATER,
      attributes,
      status: { code: failed ? 2 : 1 },
    });
  }
  return JSON.stringify({ resourceSpans: [{ resource, scopeSpans: [{ scope, spans }] }] });
}

const POOL = 8;
const feedbackPool = Array.from({ length: POOL }, (_, n) => feedbackTemplate(n));
const turnPool = Array.from({ length: POOL }, (_, n) => turnTemplate(n));

function hex(length) {
  let out = '';
  while (out.length < length)
    out += Math.floor(Math.random() * 0x100000000)
      .toString(16)
      .padStart(8, '0');
  return out.slice(0, length);
}

const PLACEHOLDER = /__(TRACE|SPAN|NOW|LATER)__/g;

/** Fills a template: each record gets its own ids; a turn lasts 0.2-2.2 s. */
function fill(template) {
  const nowMs = Date.now();
  const now = `${nowMs}000000`;
  const later = `${nowMs + 200 + Math.floor(Math.random() * 2000)}000000`;
  return template.replace(PLACEHOLDER, (token) => {
    if (token === TRACE) return hex(32);
    if (token === SPAN) return hex(16);
    return token === NOW ? now : later;
  });
}

const headers = { 'Content-Type': 'application/json' };

export default function () {
  const i = exec.scenario.iterationInTest;
  const signal = i % 5 === 4 ? 'traces' : 'logs';
  const template = signal === 'traces' ? turnPool[i % POOL] : feedbackPool[i % POOL];
  const tags = profile ? { signal, phase: phaseNow() } : { signal };
  const res = http.post(`${baseUrl}/v1/${signal}`, fill(template), { headers, tags });
  check(res, { 'accepted (HTTP 200)': (r) => r.status === 200 });
  if (profile?.pauseSeconds) sleep(profile.pauseSeconds);
}

export function handleSummary(data) {
  const lines = [];
  const get = (metric, stat) => data.metrics[metric]?.values?.[stat];
  lines.push(
    `ingest: ${get('http_reqs', 'count') ?? 0} requests ${profile ? 'in the load profile' : `at ${rate}/s target`}, ` +
      `p99 ${(get('http_req_duration', 'p(99)') ?? Number.NaN).toFixed(2)} ms, ` +
      `failed ${((get('http_req_failed', 'rate') ?? 0) * 100).toFixed(3)}%, ` +
      `dropped iterations ${get('dropped_iterations', 'count') ?? 0}\n`,
  );
  const out = { stdout: lines.join('') };
  if (__ENV.SUMMARY_PATH) out[__ENV.SUMMARY_PATH] = JSON.stringify(data);
  return out;
}
