import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { checkValues, parseLabelValues, queryResultPromql, variableQueryToPromql } from './check-values';
import { allDashboards } from './dashboards';
import { extractQueries } from './extract';
import { panelInterval } from './interval';
import { traceToMetricsQueries } from './provisioning';
import { durationSeconds, substituteTemplate } from './template';

/** One PromQL expression to run against real Prometheus, with where it comes from. */
export interface PromqlCheck {
  readonly where: string;
  readonly expr: string;
  /** Whether an empty result is a failure (alert conditions are empty until they fire). */
  readonly mustReturnData: boolean;
  /** Grafana runs it as an instant query (else as a range query over the dashboard's range). */
  readonly instant: boolean;
  /** The dashboard time range it was written for. */
  readonly range: string;
  /** `$__interval` as Grafana would set it: the step of a range query. */
  readonly step: string;
  /** For a variable: the label-values request Grafana sends instead of `expr`. */
  readonly labelValues?: { readonly selector: string; readonly label: string };
}

export const ALERT_RULE_FILE = resolve(import.meta.dirname, '../../alerts/prometheus-rules.yml');

/**
 * Every PromQL of the dashboards (panels and variables) with the given range, and "All"
 * filters unless `chosen` sets some variables (e.g. `{ feature: 'search' }`); `chosen` also
 * gives the roll-ups' phase (`rollup_phase`, read from Prometheus as Grafana would) and may
 * override their window and margin. `interval` is the step of panels that set no max data
 * points (Grafana derives theirs from the panel's width); never below a query's min step.
 * `to` is the range's end in milliseconds (`$__to`), where the instant queries are evaluated.
 */
export function dashboardChecks(
  range: string,
  interval: string,
  chosen: Readonly<Record<string, string>>,
  to: number,
): PromqlCheck[] {
  return Object.values(allDashboards()).flatMap((d) =>
    extractQueries(d as never)
      .filter((q) => q.language === 'promql')
      .map((q) => {
        const step = q.maxDataPoints
          ? panelInterval(range, q.maxDataPoints, q.minStep)
          : longer(interval, q.minStep ?? interval);
        const values = checkValues(d as never, range, step, chosen, to);
        const substituted = { ...q, text: substituteTemplate(q.text, values) };
        return {
          range,
          step,
          where: `${q.dashboard} / ${q.where}`,
          expr: variableQueryToPromql(substituted),
          mustReturnData: true,
          instant: q.instant,
          ...(q.variable && queryResultPromql(q.text) === undefined
            ? { labelValues: parseLabelValues(substituted) }
            : {}),
        };
      }),
  );
}

function longer(a: string, b: string): string {
  return durationSeconds(a) >= durationSeconds(b) ? a : b;
}

/** The Tempo data source's trace-to-metrics queries, with Grafana's `$__tags` filled for one service. */
export function traceToMetricsChecks(service: string): PromqlCheck[] {
  return traceToMetricsQueries().map((q) => ({
    where: `tempo data source / ${q.name}`,
    expr: q.query.replaceAll('$__tags', `service_name="${service}"`),
    mustReturnData: true,
    instant: false,
    range: '10m',
    step: '1m',
  }));
}

/** Every rule of `alerts/prometheus-rules.yml`: recording rules must return data, alert conditions must only run. */
export function alertRuleChecks(file = ALERT_RULE_FILE): PromqlCheck[] {
  if (!existsSync(file)) throw new Error(`${file} is missing: render the alerts (npm run render -w alerts)`);
  const doc = parse(readFileSync(file, 'utf8')) as {
    groups: Array<{ rules: Array<{ record?: string; alert?: string; expr: string }> }>;
  };
  return doc.groups.flatMap((g) =>
    g.rules.map((r) => ({
      where: `alerts / ${r.record ?? r.alert}`,
      expr: r.expr,
      mustReturnData: false,
      instant: true,
      range: '0s',
      step: '1m',
    })),
  );
}
