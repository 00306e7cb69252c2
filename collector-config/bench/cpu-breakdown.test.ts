import { describe, expect, it } from 'vitest';
import {
  COMPONENT_FRAMES,
  componentOf,
  cpuByComponent,
  GARBAGE_COLLECTION,
  parsePprofTraces,
  pprofSeconds,
  RUNTIME_AND_OTHER,
  renderBreakdownTable,
} from './cpu-breakdown';

const CONTRIB = 'github.com/open-telemetry/opentelemetry-collector-contrib';
const RECEIVER = [
  'go.opentelemetry.io/collector/receiver/otlpreceiver.handleLogs',
  'net/http.HandlerFunc.ServeHTTP',
  'net/http.(*conn).serve',
];

// The shape `go tool pprof -traces` prints (go1.24), shortened.
const TRACES = `File: otelcol-bilan
Type: cpu
Duration: 29.16s, Total samples = 25.82s (88.55%)
-----------+-------------------------------------------------------
     1.20s   regexp.(*Regexp).tryBacktrack
             regexp.(*Regexp).MatchString (inline)
             ${CONTRIB}/processor/redactionprocessor.(*redaction).shouldMaskKey
             go.opentelemetry.io/collector/receiver/otlpreceiver/internal/logs.(*Receiver).Export
             ${RECEIVER.join('\n             ')}
-----------+-------------------------------------------------------
      30ms   runtime.memclrNoHeapPointers
             io.ReadAll
             ${RECEIVER.join('\n             ')}
-----------+-------------------------------------------------------
      20ms   runtime.scanObject
             runtime.gcDrain
             runtime.gcBgMarkWorker
-----------+-------------------------------------------------------
     500us   runtime.schedule
             runtime.park_m
             runtime.mcall
-----------+-------------------------------------------------------
`;

describe('pprofSeconds', () => {
  it('reads the units pprof prints', () => {
    expect([pprofSeconds('1.20s'), pprofSeconds('30ms'), pprofSeconds('500us'), pprofSeconds('2mins')]).toEqual([
      1.2, 0.03, 0.0005, 120,
    ]);
  });

  it('refuses what is not a duration', () => {
    expect(() => pprofSeconds('30 bytes')).toThrow(/not a pprof duration/);
  });
});

describe('parsePprofTraces', () => {
  it('gives each stack its seconds and its frames, leaf first', () => {
    const stacks = parsePprofTraces(TRACES);
    expect(stacks.map((s) => s.seconds)).toEqual([1.2, 0.03, 0.02, 0.0005]);
    expect(stacks[0]?.frames.slice(0, 2)).toEqual([
      'regexp.(*Regexp).tryBacktrack',
      'regexp.(*Regexp).MatchString (inline)',
    ]);
    expect(stacks[1]?.frames).toEqual(['runtime.memclrNoHeapPointers', 'io.ReadAll', ...RECEIVER]);
  });
});

describe('componentOf', () => {
  it('charges a stack to the component nearest its leaf', () => {
    const stacks = parsePprofTraces(TRACES);
    expect(stacks.map((s) => componentOf(s.frames))).toEqual([
      'redaction',
      'receiver: HTTP server and OTLP handling',
      GARBAGE_COLLECTION,
      RUNTIME_AND_OTHER,
    ]);
  });

  it('charges mark assists to garbage collection, whoever allocated', () => {
    const frames = [
      'runtime.gcDrainN',
      'runtime.gcAssistAlloc',
      `${CONTRIB}/processor/redactionprocessor.(*redaction).processAttrs`,
    ];
    expect(componentOf(frames)).toBe(GARBAGE_COLLECTION);
  });

  it('tells the exporters, the batch that calls them and the decoder inside the receiver apart', () => {
    const exporter = [
      'compress/flate.(*compressor).deflate',
      'go.opentelemetry.io/collector/exporter/otlphttpexporter.(*baseExporter).export',
      'go.opentelemetry.io/collector/processor/batchprocessor.(*batchLogs).export',
    ];
    const client = [
      'compress/flate.(*compressor).deflate',
      'go.opentelemetry.io/collector/config/confighttp.(*compressRoundTripper).RoundTrip',
      ...exporter.slice(1),
    ];
    const decoding = [
      'go.opentelemetry.io/collector/receiver/otlpreceiver.jsonEncoder.unmarshalLogsRequest',
      ...RECEIVER,
    ];
    const transform = [
      `${CONTRIB}/processor/transformprocessor/internal/traces.(*Processor).ProcessTraces`,
      ...RECEIVER,
    ];
    expect([componentOf(exporter), componentOf(client), componentOf(decoding), componentOf(transform)]).toEqual([
      'OTLP exporters and their persistent queue (encoding, gzip, bbolt)',
      "exporters' HTTP client (gzip, connections)",
      'receiver: OTLP decoding (JSON or protobuf)',
      'transform/turn_labels',
    ]);
  });
});

describe('cpuByComponent', () => {
  it('sums seconds per component, listing every component', () => {
    const breakdown = cpuByComponent(parsePprofTraces(TRACES));
    expect(breakdown.totalSeconds).toBeCloseTo(1.2505, 10);
    expect(breakdown.seconds.get('redaction')).toBeCloseTo(1.2, 10);
    expect(breakdown.seconds.get('signal_to_metrics')).toBe(0);
    expect(breakdown.seconds.size).toBe(COMPONENT_FRAMES.length + 2);
  });
});

describe('renderBreakdownTable', () => {
  it('gives each profile a column of shares and its sampled CPU', () => {
    const breakdown = cpuByComponent(parsePprofTraces(TRACES));
    const table = renderBreakdownTable([{ label: '1,000/s', breakdown }]).split('\n');
    expect(table[0]).toBe('| component | 1,000/s |');
    expect(table).toContain('| redaction | 96.0 % |');
    expect(table).toContain(`| ${RUNTIME_AND_OTHER} | 0.0 % |`);
    expect(table.at(-1)).toBe('| CPU sampled | 1.25 s |');
  });
});
