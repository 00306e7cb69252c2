import type { DASHBOARD_UID } from '@bilan/contract';

export type Severity = 'critical' | 'warning';
/** How the alert value reads to a human, in both Prometheus and Grafana templates. */
export type ValueFormat = 'percentage' | 'seconds' | 'number' | 'rate';
export type DashboardUid = (typeof DASHBOARD_UID)[keyof typeof DASHBOARD_UID];

/**
 * One alert, written once. Both renderings derive from the same parts: the
 * Prometheus expression is `value op threshold guard`; Grafana queries
 * `value guard` and applies `op threshold` as a threshold expression.
 */
export interface AlertRule {
  /** Alert name, also the runbook section's heading. */
  alert: string;
  /** PromQL whose sample value is what the threshold is compared with. */
  value: string;
  op: '>' | '<';
  threshold: number;
  /** Optional `and on (...) <vector>` / `unless on (...) <vector>` clause, e.g. a minimum-volume guard. */
  guard?: string;
  for: string;
  severity: Severity;
  /** Short and fixed: no template in it, so notifications group and read well. */
  summary: string;
  /** States the value: receives the template that prints it (`{{ $value | humanizePercentage }}` or Grafana's). */
  description: (value: string) => string;
  valueFormat: ValueFormat;
  /** The dashboard that explains this alert. */
  dashboard: DashboardUid;
}

/** The Prometheus rule expression of an alert. */
export function prometheusExpr(rule: AlertRule): string {
  const compared = `${parenthesize(rule.value)} ${rule.op} ${rule.threshold}`;
  return rule.guard ? `${compared} ${rule.guard}` : compared;
}

/** The query Grafana evaluates before applying the threshold: the value, filtered by the guard. */
export function grafanaQueryExpr(rule: AlertRule): string {
  const value = parenthesize(rule.value);
  return rule.guard ? `${value} ${rule.guard}` : value;
}

/** Wrap a value whose top level has a set operator, which binds looser than a comparison. */
function parenthesize(expr: string): string {
  return topLevelHasSetOperator(expr) ? `(${expr})` : expr;
}

function topLevelHasSetOperator(expr: string): boolean {
  let depth = 0;
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i];
    if (c === '(' || c === '{' || c === '[') depth++;
    else if (c === ')' || c === '}' || c === ']') depth--;
    else if (depth === 0 && /^ (or|and|unless) /.test(expr.slice(i, i + 8))) return true;
  }
  return false;
}

/** The Go-template function that humanizes a value of this format (same name in Prometheus and Grafana). */
export function humanizer(format: ValueFormat): string {
  return { percentage: 'humanizePercentage', seconds: 'humanizeDuration', number: 'humanize', rate: 'humanize' }[
    format
  ];
}

/** Anchor of the alert's runbook section, as GitHub-style Markdown renders `## AlertName`. */
export function runbookAnchor(rule: Pick<AlertRule, 'alert'>): string {
  return rule.alert.toLowerCase();
}
