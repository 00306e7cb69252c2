/**
 * Grafana's template substitution, reduced to what our queries use, so a query can
 * be run against Prometheus or parsed by a grammar outside Grafana. An unknown
 * variable is an error: it means a panel uses a variable its dashboard lacks.
 */

export interface TemplateValues {
  /** Dashboard variables by name (`$feature` → `values.variables.feature`). */
  readonly variables: Readonly<Record<string, string>>;
  /** Value of `$__range`, e.g. `1h`. */
  readonly range: string;
  /** Value of `$__rate_interval`, `$__interval` and `$__auto`, e.g. `1m`. */
  readonly interval: string;
  /** The range's end in milliseconds since the epoch (`$__to`; `$__from` is `$__range` before it). */
  readonly to?: number;
}

const DURATION_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 };

/** Seconds in a Prometheus duration such as `90s`, `1h30m`, `30d`. */
export function durationSeconds(duration: string): number {
  const parts = [...duration.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== duration) throw new Error(`bad duration "${duration}"`);
  return parts.reduce((sum, [, n, unit]) => sum + Number(n) * (DURATION_SECONDS[unit as string] ?? 0), 0);
}

function builtins(values: TemplateValues): Record<string, string> {
  const rangeSeconds = durationSeconds(values.range);
  return {
    __range: values.range,
    __range_s: String(rangeSeconds),
    __range_ms: String(rangeSeconds * 1000),
    __rate_interval: values.interval,
    __interval: values.interval,
    __auto: values.interval,
    ...(values.to === undefined ? {} : { __to: String(values.to), __from: String(values.to - rangeSeconds * 1000) }),
  };
}

/** Replaces `$name`, `${name}` and `${name:format}` with their values. */
export function substituteTemplate(text: string, values: TemplateValues): string {
  const known = { ...builtins(values), ...values.variables };
  return text.replace(
    /\$\{(\w+)(?::\w+)?\}|\$(\w+)/g,
    (whole, braced: string | undefined, bare: string | undefined) => {
      const name = (braced ?? bare) as string;
      const value = known[name];
      if (value === undefined) throw new Error(`unknown template variable ${whole} in: ${text}`);
      return value;
    },
  );
}
