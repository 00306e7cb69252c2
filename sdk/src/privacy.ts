import { LIMITS, truncate } from './limits';

/**
 * How much user-written text leaves the app.
 * - `none`: no prompt/response text, no comments, no user id.
 * - `metadata` (default): ids, labels, counts and comments (redacted); no prompt/response text.
 * - `redacted`: as `metadata`, plus prompt/response text after redaction.
 * - `full`: as `metadata`, plus prompt/response text as it is (comments are still redacted).
 */
export type PrivacyLevel = 'none' | 'metadata' | 'redacted' | 'full';
const PRIVACY_LEVELS: readonly PrivacyLevel[] = ['none', 'metadata', 'redacted', 'full'];

export interface PrivacyOptions {
  /** Default `metadata`. */
  level?: PrivacyLevel;
  /** Runs after the built-in patterns on comments and, at `redacted`, on prompt/response text. */
  redactor?: (text: string) => string;
}

function withEnoughDigits(min: number, replacement: string) {
  return (match: string) => (match.replace(/\D/g, '').length >= min ? replacement : match);
}

const OCTET = '(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)';
const HEX = '[0-9a-f]{1,4}';
// Order matters: URLs may contain e-mail-like text, card numbers would also pass as phone numbers.
const PATTERNS: [RegExp, string | ((match: string) => string)][] = [
  [/\bhttps?:\/\/[^\s<>"']+|\bwww\.[^\s<>"']+/gi, '[url]'],
  [/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, '[email]'],
  [
    /\bBearer\s+[\w.~+/-]+=*|\b(?:sk|pk|rk)[-_][\w-]{16,}|\bgh[pousr]_\w{20,}|\bAKIA[0-9A-Z]{16}\b|\beyJ[\w-]+\.[\w-]+\.[\w-]+|\bxox[abprs]-[\w-]{10,}|\b(?=[\w-]*\d)(?=[\w-]*[a-z])[\w-]{32,}/gi,
    '[secret]',
  ],
  [/\b(?:\d[ -]?){12,18}\d\b/g, withEnoughDigits(13, '[card]')],
  [new RegExp(`\\b${OCTET}(?:\\.${OCTET}){3}\\b`, 'g'), '[ip]'],
  [new RegExp(`(?:${HEX}:){7}${HEX}|(?:${HEX}:){1,6}:(?:${HEX}(?::${HEX})*)?|::(?:${HEX}:){0,5}${HEX}`, 'gi'), '[ip]'],
  [/[+(]?\d[\d\s().-]{7,18}\d\b/g, withEnoughDigits(9, '[phone]')],
];

/** Replaces e-mail addresses, phone and card numbers, API keys and tokens, IP addresses and URLs. */
export function redact(text: string): string {
  let out = text;
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement as string);
  return out;
}

export interface Privacy {
  level: PrivacyLevel;
  /** A vote or feedback comment: always redacted; dropped at `none`. */
  comment(text: string | undefined): string | undefined;
  /** Built-in patterns, then the custom redactor, then the length limit; undefined if the redactor failed. */
  scrub(text: string): string | undefined;
  /** The user id: dropped at `none`. */
  userId(id: string | undefined): string | undefined;
}

/** Builds the privacy rules; a bad level falls back to `metadata`, a throwing redactor drops the text. Both reported. */
export function createPrivacy(options: PrivacyOptions | undefined, report: (message: string) => void): Privacy {
  let level: PrivacyLevel = 'metadata';
  const requested = options?.level;
  if (requested !== undefined) {
    if (PRIVACY_LEVELS.includes(requested)) level = requested;
    else report(`privacy level ${String(requested)} unknown, metadata used`);
  }
  const custom = typeof options?.redactor === 'function' ? options.redactor : undefined;
  const scrub = (text: string): string | undefined => {
    // Cut before scanning so a megabyte comment costs little; the margin keeps a secret at the cut whole.
    let out = redact(text.slice(0, LIMITS.maxTextLength + 64));
    if (custom) {
      let result: unknown;
      try {
        result = custom(out);
      } catch (error) {
        result = error;
      }
      // A redactor that throws or answers no string fails closed.
      if (typeof result !== 'string') return void report(`redactor failed, text dropped: ${String(result)}`);
      out = result;
    }
    return truncate(out, LIMITS.maxTextLength);
  };
  return {
    level,
    comment: (text) => (text && level !== 'none' ? scrub(text) : undefined),
    scrub,
    userId: (id) => (level === 'none' ? undefined : id),
  };
}

/** Prompt or response text as the privacy level allows: only at `redacted` (redacted) and `full` (as is). */
export function contentText(privacy: Privacy, text: string | undefined): string | undefined {
  const { level } = privacy;
  if (!text || level === 'none' || level === 'metadata') return undefined;
  return level === 'full' ? truncate(text, LIMITS.maxTextLength) : privacy.scrub(text);
}
