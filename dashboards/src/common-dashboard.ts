import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import type { DashboardConfig } from './config';
import { macro, navigationLinks } from './links';
import { clockVariables, filterVariables } from './variables';

/** What every Bilan dashboard shares: uid, tags, time, refresh, filters and navigation. */
export function bilanDashboard(
  config: DashboardConfig,
  spec: { uid: string; title: string; description: string; from: string; counts?: boolean; loki?: boolean },
): dashboard.DashboardBuilder {
  return new dashboard.DashboardBuilder(spec.title)
    .uid(spec.uid)
    .description(spec.description)
    .tags(['bilan'])
    .editable()
    .timezone('browser')
    .time({ from: spec.from, to: 'now' })
    .refresh('1m')
    .tooltip(dashboard.DashboardCursorSync.Crosshair)
    .variables([...filterVariables(config, spec.loki), ...(spec.counts ? clockVariables() : [])])
    .links(navigationLinks(spec.uid));
}

/** Data-link query string that carries the dashboard's time range and filters along. */
export function keepFilters(config: DashboardConfig, except: readonly string[] = []): string {
  return [
    macro('__url_time_range'),
    ...config.variables.filter((v) => !except.includes(v.name)).map((v) => `\${${v.name}:queryparam}`),
  ].join('&');
}
