/**
 * Finds secrets committed by mistake. Two checks, small and ours rather than a general scanner
 * (gitleaks and the like are Go binaries with hundreds of rules, another install for CI): the
 * secret shapes this project's own stack would hold (the services it talks to, the tokens its
 * redaction masks), and the config fields that carry secrets, which must name an environment
 * variable or a file instead of holding a value.
 */

/** Shapes of real credentials: a match in a tracked file is a leaked secret. */
const SECRET_SHAPES: [name: string, pattern: RegExp][] = [
  ['private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ['AWS access key id', /\bAKIA[0-9A-Z]{16}\b/],
  ['GitHub token', /\bgh[pousr]_[A-Za-z0-9]{20,}/],
  ['Slack token', /\bxox[abprs]-[A-Za-z0-9-]{10,}/],
  ['Slack webhook', /hooks\.slack\.com\/services\/T[A-Za-z0-9]+/],
  ['OpenAI-style API key', /\bsk-(?:proj-|live_|ant-)?[A-Za-z0-9_-]{20,}/],
  ['Google API key', /\bAIza[0-9A-Za-z_-]{35}\b/],
  ['JSON web token', /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/],
  ['PagerDuty integration URL', /events\.pagerduty\.com\/integration\/[a-f0-9]{32}/],
  ['URL with a password', /\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@'"]+:[^/\s:@'"$]{3,}@/i],
];

interface Finding {
  where: string;
  what: string;
}

/** Every secret shape found in a text, with its line. */
export function findSecretShapes(file: string, text: string): Finding[] {
  return text
    .split('\n')
    .flatMap((line, i) =>
      SECRET_SHAPES.filter(([, pattern]) => pattern.test(line)).map(([what]) => ({ where: `${file}:${i + 1}`, what })),
    );
}

/** Every string under a value (the value itself when it is one). */
function strings(value: unknown): unknown[] {
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [value];
}

/**
 * Fields whose key matches `secretKey` and whose value (every string under it, for a list or a
 * map) is a literal that `isAllowed` does not accept, in a parsed YAML document.
 */
export function literalSecretFields(
  doc: unknown,
  secretKey: RegExp,
  isAllowed: (value: string) => boolean,
  path = '',
): Finding[] {
  if (Array.isArray(doc))
    return doc.flatMap((item, i) => literalSecretFields(item, secretKey, isAllowed, `${path}[${i}]`));
  if (!doc || typeof doc !== 'object') return [];
  return Object.entries(doc as Record<string, unknown>).flatMap(([key, value]) => {
    const where = path ? `${path}.${key}` : key;
    if (!secretKey.test(key)) return literalSecretFields(value, secretKey, isAllowed, where);
    return strings(value)
      .filter((v) => v !== null && v !== undefined && v !== '' && !(typeof v === 'string' && isAllowed(v)))
      .map(() => ({ where, what: 'a literal value in a secret field' }));
  });
}

/** The Collector's references: `${env:NAME}` (with or without a default) or `${file:path}`, after a scheme word such as `Bearer`. */
export const isCollectorReference = (value: string) => /^(?:[A-Za-z]+ )?\$\{(?:env|file):[^}]+\}$/.test(value);
/** Grafana provisioning expands `$NAME` and `${NAME}` from its environment. */
export const isGrafanaReference = (value: string) => /^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/.test(value);
/** Compose interpolates `${NAME}`, with `:-default` or `:?error`. */
export const isComposeReference = (value: string) => /^\$\{[A-Za-z_][A-Za-z0-9_]*(?::?[-?][^}]*)?\}$/.test(value);
