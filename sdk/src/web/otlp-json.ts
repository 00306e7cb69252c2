import { type Attributes, isSpanContextValid, type LogRecord, trace } from '@opentelemetry/api';

/** OTLP/JSON `AnyValue` (int64 as a decimal string, as the protobuf JSON mapping writes it). */
export type AnyValue =
  | { stringValue: string }
  | { boolValue: boolean }
  | { intValue: string }
  | { doubleValue: number }
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
  if (typeof value === 'number') return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value };
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
function nanos(ms: number): string {
  return `${Math.round(ms * 1000)}000`;
}

/** One API log record as an OTLP/JSON LogRecord, linked to the span of its context. */
export function encodeLogRecord(record: LogRecord): OtlpLogRecord {
  const now = Date.now();
  const time = typeof record.timestamp === 'number' ? record.timestamp : now;
  const out: OtlpLogRecord = {
    timeUnixNano: nanos(time),
    observedTimeUnixNano: nanos(now),
    severityNumber: record.severityNumber,
    eventName: record.eventName,
    attributes: toKeyValues(record.attributes),
  };
  const spanContext = record.context && trace.getSpanContext(record.context);
  if (spanContext && isSpanContextValid(spanContext)) {
    out.traceId = spanContext.traceId;
    out.spanId = spanContext.spanId;
    out.flags = spanContext.traceFlags;
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
