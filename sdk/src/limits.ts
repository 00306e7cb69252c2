import type { Attributes, AttributeValue } from '@opentelemetry/api';

/** Documented input limits. Anything longer is truncated, anything beyond a count is dropped and reported. */
export const LIMITS = {
  /** Ids, feature, model, prompt version, journey and step names, custom event names. */
  maxLabelLength: 256,
  /** Comments and captured prompt/response text. */
  maxTextLength: 4096,
  /** Properties of one custom event. */
  maxProperties: 32,
  /** Length of a custom property key. */
  maxKeyLength: 128,
} as const;

const ELLIPSIS = '…';

/** Cuts `text` to at most `max` characters, marking the cut. */
export function truncate(text: string, max: number): string {
  return text.length > max ? text.slice(0, max - 1) + ELLIPSIS : text;
}

/** A short label (id, feature, model…) from anything: strings and finite numbers only, trimmed and bounded. */
export function toLabel(value: unknown): string | undefined {
  if (Number.isFinite(value)) return String(value); // Number.isFinite never coerces
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed ? truncate(trimmed, LIMITS.maxLabelLength) : undefined;
}

/** Free text (comment, content) from anything, bounded. */
export function toText(value: unknown): string | undefined {
  return typeof value === 'string' && value ? truncate(value, LIMITS.maxTextLength) : undefined;
}

/** A finite, non-negative integer, or undefined. */
export function toCount(value: unknown): number | undefined {
  return Number.isInteger(value) && (value as number) >= 0 ? (value as number) : undefined;
}

/** An object's fields, or none for anything that is not an object (options may be anything). */
export function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

/**
 * An integer past 2^53 (1e21, 2^63…) as a string: OpenTelemetry JS's OTLP serializer writes every integer
 * as an int64, and the Collector refuses the whole request (HTTP 400) for one out of its range.
 */
const int64Safe = (value: AttributeValue | undefined) =>
  Number.isInteger(value) && !Number.isSafeInteger(value) ? String(value) : value;

/** Attributes without the undefined values (OTLP has no way to say "absent"); `more` joins without a copy. */
export function defined(
  attributes: Record<string, AttributeValue | undefined>,
  more?: Record<string, AttributeValue | undefined>,
): Attributes {
  const out: Attributes = {};
  for (const key in attributes) if (attributes[key] !== undefined) out[key] = int64Safe(attributes[key]);
  for (const key in more) if (more[key] !== undefined) out[key] = int64Safe(more[key]);
  return out;
}

/** A size option (batch, queue, attempts): a positive integer, or the default when it is anything else. */
export function sizeOption(value: unknown, fallback: number): number {
  const count = toCount(value);
  return count ? count : fallback;
}

function toAttributeValue(value: unknown): AttributeValue | undefined {
  if (typeof value === 'string') return truncate(value, LIMITS.maxTextLength);
  if (typeof value === 'boolean' || Number.isFinite(value)) return value as AttributeValue;
  if (value === null) return undefined;
  try {
    // Nested objects travel as bounded JSON (functions, symbols and undefined have none); BigInt and
    // circular objects make stringify throw.
    const json = JSON.stringify(value);
    return json === undefined ? undefined : truncate(json, LIMITS.maxTextLength);
  } catch {
    return '[unserializable]';
  }
}

/**
 * Custom event properties as span/log attributes: at most `maxProperties`, keys and values bounded,
 * nested values as JSON. Returns how many properties had to be dropped.
 */
export function toAttributes(properties: unknown): { attributes: Attributes; dropped: number } {
  const attributes: Attributes = {};
  let dropped = 0;
  if (properties === null || typeof properties !== 'object') return { attributes, dropped };
  let kept = 0;
  for (const key of Object.keys(properties)) {
    let value: AttributeValue | undefined;
    try {
      value = toAttributeValue((properties as Record<string, unknown>)[key]);
    } catch {
      value = undefined; // a throwing getter
    }
    if (value === undefined || kept >= LIMITS.maxProperties || !key) {
      dropped++;
      continue;
    }
    attributes[truncate(key, LIMITS.maxKeyLength)] = value;
    kept++;
  }
  return { attributes, dropped };
}
