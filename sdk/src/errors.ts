import type { TurnErrorType } from '@bilan/contract';

/** The error a turn raises when its `timeoutMs` elapses. */
export class TurnTimeoutError extends Error {
  override name = 'TimeoutError';
  constructor(timeoutMs: number) {
    super(`AI call timed out after ${timeoutMs} ms`);
  }
}

const NETWORK_CODES = /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|EPIPE|EHOSTUNREACH|ENETUNREACH|UND_ERR_SOCKET)$/;
const PATTERNS: [RegExp, TurnErrorType][] = [
  [/context.?length|context.?window|maximum context|too many tokens|token limit|prompt is too long/i, 'context_limit'],
  [/rate.?limit|too many requests|quota/i, 'rate_limit'],
  [/timed? ?out|timeout|deadline/i, 'timeout'],
  [/unauthori[sz]ed|forbidden|invalid.{0,10}api.?key|authentication|permission denied/i, 'auth_error'],
  [/overloaded|unavailable|bad gateway|internal server error/i, 'service_unavailable'],
  [/fetch failed|failed to fetch|network|socket hang up|connection (refused|reset)/i, 'network_error'],
];

function field(value: unknown, key: string): unknown {
  try {
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  } catch {
    return undefined;
  }
}

function statusOf(error: unknown): number | undefined {
  for (const candidate of [
    field(error, 'status'),
    field(error, 'statusCode'),
    field(field(error, 'response'), 'status'),
  ]) {
    if (typeof candidate === 'number') return candidate;
  }
  return undefined;
}

function fromStatus(status: number): TurnErrorType | undefined {
  if (status === 429) return 'rate_limit';
  if (status === 401 || status === 403) return 'auth_error';
  if (status === 408 || status === 504) return 'timeout';
  if (status === 413) return 'context_limit';
  if (status >= 500) return 'service_unavailable';
  return undefined;
}

/**
 * Classifies what an AI call threw into the contract's `error.type` values, reading the HTTP status,
 * error name and code that the common AI client libraries set, then the message.
 */
export function classifyError(error: unknown, depth = 0): TurnErrorType {
  const name = String(field(error, 'name') ?? '');
  if (name === 'TimeoutError' || name === 'AbortError') return 'timeout';
  const code = String(field(error, 'code') ?? field(field(error, 'error'), 'code') ?? '');
  if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') return 'timeout';
  if (NETWORK_CODES.test(code)) return 'network_error';
  if (/context_length|max_tokens/i.test(code)) return 'context_limit';
  const message = typeof error === 'string' ? error : String(field(error, 'message') ?? '');
  // A 400 is only a context-limit error if it says so; the message decides.
  for (const [pattern, type] of PATTERNS) if (pattern.test(message) || pattern.test(code)) return type;
  const status = statusOf(error);
  const byStatus = status === undefined ? undefined : fromStatus(status);
  if (byStatus) return byStatus;
  const cause = field(error, 'cause');
  if (cause !== undefined && depth < 3) return classifyError(cause, depth + 1);
  return 'unknown';
}

/** Errors that a retry cannot fix. */
export function isRetryable(type: TurnErrorType): boolean {
  return type === 'timeout' || type === 'rate_limit' || type === 'service_unavailable' || type === 'network_error';
}
