import type { Attributes, SpanContext } from '@opentelemetry/api';

/** OTLP/JSON `AnyValue` (int64 as a decimal string; NaN and ±Infinity doubles as strings, as the protobuf JSON mapping writes them). */
type AnyValue =
  | { stringValue: string }
  | { boolValue: boolean }
  | { intValue: string }
  | { doubleValue: number | string }
  | { arrayValue: { values: AnyValue[] } };
export interface KeyValue {
  key: string;
  value: AnyValue;
}
export interface OtlpLogRecord {
  timeUnixNano: string;
  observedTimeUnixNano: string;
  severityNumber?: number;
  eventName?: string;
  attributes: KeyValue[];
  traceId?: string;
  spanId?: string;
  flags?: number;
}

export function toAnyValue(value: unknown): AnyValue {
  if (typeof value === 'boolean') return { boolValue: value };
  // Only a safe integer prints as an int64 (`String(2 ** 63)` is out of range, `String(1e21)` is "1e+21").
  // NaN and ±Infinity as the protobuf JSON mapping spells them (JSON itself has no such numbers).
  if (typeof value === 'number')
    return Number.isSafeInteger(value)
      ? { intValue: String(value) }
      : { doubleValue: Number.isFinite(value) ? value : String(value) };
  if (Array.isArray(value)) return { arrayValue: { values: value.map(toAnyValue) } };
  return { stringValue: String(value) };
}

export function toKeyValues(attributes: Attributes | undefined): KeyValue[] {
  const out: KeyValue[] = [];
  for (const key in attributes) {
    const value = attributes[key];
    if (value !== undefined && value !== null) out.push({ key, value: toAnyValue(value) });
  }
  return out;
}

/** Milliseconds since the epoch as OTLP nanoseconds (a decimal string; too big for a JS number). */
export function nanos(ms: number): string {
  return `${Math.round(ms * 1000)}000`;
}

/** One event as the web entry records it: no OpenTelemetry API, the parent span given directly. */
interface EventRecord {
  eventName: string;
  attributes?: Attributes;
  /** Default 9 (INFO). */
  severityNumber?: number;
  /** The span the event belongs to (a rated turn's); none for `null` or `undefined`. */
  parent?: SpanContext | null;
}

/** One event, happening now, as an OTLP/JSON LogRecord linked to its parent span. */
export function encodeLogRecord(record: EventRecord): OtlpLogRecord {
  const now = nanos(Date.now());
  const out: OtlpLogRecord = {
    timeUnixNano: now,
    observedTimeUnixNano: now,
    severityNumber: record.severityNumber ?? 9,
    eventName: record.eventName,
    attributes: toKeyValues(record.attributes),
  };
  const parent = record.parent;
  if (parent) {
    out.traceId = parent.traceId;
    out.spanId = parent.spanId;
    out.flags = parent.traceFlags;
  }
  return out;
}

/** An ExportLogsServiceRequest body for one resource and scope. */
export function encodeLogsRequest(
  resource: KeyValue[],
  scope: { name: string; version: string },
  logRecords: OtlpLogRecord[],
) {
  return JSON.stringify({ resourceLogs: [{ resource: { attributes: resource }, scopeLogs: [{ scope, logRecords }] }] });
}
