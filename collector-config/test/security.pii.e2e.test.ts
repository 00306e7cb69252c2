import { ATTR, EVENT } from '@bilan/contract';
import {
  attributeValue,
  queryPrometheus,
  type RunningPipeline,
  sinkLogRecords,
  sinkSpans,
  startPipeline,
  waitFor,
} from '@bilan/stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postLogs } from './otlp-json';

// PII sent on purpose by a client that is not our SDK (so nothing was redacted before it arrived),
// through the real Collector with its default config: none of it may reach the Tempo and Loki
// exporters (the OTLP sink) or a Prometheus label.
const PII = {
  email: 'jane.doe@example.com',
  internationalPhone: '+44 20 7946 0958',
  nationalPhone: '(415) 555-0123',
  card: '4111 1111 1111 1111',
  cardDigits: '4111111111111111',
  openAiKey: 'sk-proj-Abc123Def456Ghi789Jkl0',
  githubToken: 'ghp_Abc123Def456Ghi789Jkl012Mno345Pqr678',
  awsKeyId: 'AKIAIOSFODNN7EXAMPLE',
  slackToken: 'xoxb-1234567890-abcdefghij',
  bearer: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl',
};
const SERVICE = 'pii-app';
/** Not PII: a double whose 16 fraction digits must not be taken for a card number. */
const RATIO = 0.8234567891234567;
const TRACE_ID = '5bf92f3577b34da6a3ce929d0e0e4736';
const all = Object.values(PII);
const sentence = `call me on ${PII.internationalPhone} or ${PII.nationalPhone}, mail ${PII.email}, card ${PII.card}, key ${PII.openAiKey}`;

type Json = Record<string, unknown>;
const str = (v: string) => ({ stringValue: v });
const kv = (key: string, value: Json) => ({ key, value });
/** Every PII value as string attributes, plus a card number as an integer and PII nested in a map and a list. */
function piiAttributes(prefix: string): Json[] {
  return [
    ...Object.entries(PII).map(([name, value]) => kv(`${prefix}.${name}`, str(value))),
    kv(`${prefix}.sentence`, str(sentence)),
    kv(`${prefix}.card_number`, { intValue: PII.cardDigits }),
    kv(`${prefix}.nested`, { kvlistValue: { values: [kv('contact', str(PII.email))] } }),
    kv(`${prefix}.list`, { arrayValue: { values: [str(PII.openAiKey), str(PII.nationalPhone)] } }),
  ];
}
/** PII in the attributes that become Prometheus labels. */
const labelAttributes = [
  kv(ATTR.feature, str(PII.email)),
  kv(ATTR.requestModel, str(PII.openAiKey)),
  kv(ATTR.promptVersion, str(PII.cardDigits)),
];

const resource = { attributes: [kv('service.name', str(SERVICE)), kv('user.email', str(PII.email))] };
const now = () => String(Date.now() * 1e6);
const logsBody = {
  resourceLogs: [
    {
      resource,
      scopeLogs: [
        {
          logRecords: [
            {
              eventName: EVENT.evaluationResult,
              timeUnixNano: now(),
              traceId: TRACE_ID,
              body: str(sentence),
              attributes: [
                kv(ATTR.evaluationName, str('user_feedback')),
                kv(ATTR.evaluationScoreValue, { intValue: '-1' }),
                kv(ATTR.evaluationExplanation, str(sentence)),
                ...labelAttributes,
                ...piiAttributes('app'),
                kv('app.ratio', { doubleValue: RATIO }),
              ],
            },
            {
              eventName: EVENT.journeyStep,
              timeUnixNano: now(),
              body: { kvlistValue: { values: [kv('note', str(sentence))] } },
              attributes: [kv(ATTR.journeyName, str(PII.email)), kv(ATTR.journeyStep, str(PII.cardDigits))],
            },
          ],
        },
      ],
    },
  ],
};
const tracesBody = {
  resourceSpans: [
    {
      resource,
      scopeSpans: [
        {
          spans: [
            {
              traceId: TRACE_ID,
              spanId: '00f067aa0ba902b7',
              name: 'chat gpt-4o',
              kind: 3,
              startTimeUnixNano: now(),
              endTimeUnixNano: now(),
              attributes: [kv(ATTR.operationName, str('chat')), ...labelAttributes, ...piiAttributes('app')],
              events: [{ name: 'note', timeUnixNano: now(), attributes: piiAttributes('event') }],
            },
          ],
        },
      ],
    },
  ],
};

let pipeline: RunningPipeline;
beforeAll(async () => {
  pipeline = await startPipeline();
  const { otlpHttpUrl } = pipeline.collector;
  expect((await postLogs(otlpHttpUrl, JSON.stringify(logsBody))).status).toBe(200);
  const traces = await fetch(`${otlpHttpUrl}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(tracesBody),
  });
  expect(traces.status).toBe(200);
});
afterAll(async () => {
  await pipeline?.stop();
});

/** The PII values found in a text, the phone numbers' digits alone included. */
const FORBIDDEN = [...all, '442079460958', '4155550123'];
const leaked = (text: string) => FORBIDDEN.filter((value) => text.includes(value));

describe('PII through the Collector with its default config', () => {
  it('reaches neither the Loki nor the Tempo exporter, in any attribute, body or nesting', async () => {
    await waitFor(
      () => sinkLogRecords(pipeline.sink.received).length === 2 && sinkSpans(pipeline.sink.received).length === 1,
      {
        timeoutMs: 30_000,
        what: 'the two records and the span at the sink',
      },
    );
    const exported = JSON.stringify(pipeline.sink.received);
    expect(exported).toContain(SERVICE);
    expect(leaked(exported)).toEqual([]);
    const vote = sinkLogRecords(pipeline.sink.received).find(
      ({ record }) => record.eventName === EVENT.evaluationResult,
    );
    expect(attributeValue(vote?.record.attributes, 'app.ratio')).toBe(RATIO);
  });

  it('never becomes a Prometheus label value', async () => {
    const labelValues = await waitFor(
      async () => {
        const r = await queryPrometheus(
          pipeline.prometheus.url,
          `last_over_time({__name__=~"bilan_.+", service_name="${SERVICE}"}[10m])`,
        );
        return r.length >= 3 && r.flatMap((s) => Object.values(s.metric));
      },
      { timeoutMs: 30_000, what: 'the vote, the journey step and the turn counted' },
    );
    expect(leaked(labelValues.join('\n'))).toEqual([]);
  });
});
