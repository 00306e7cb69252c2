import { DASHBOARD_UID, PLUGIN_ID } from '@bilan/contract';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';

/** URL of a provisioned dashboard by uid. */
export function dashboardUrl(uid: string): string {
  return `/d/${uid}`;
}

/** URL of a page of the Bilan app. */
export function appUrl(page = ''): string {
  return `/a/${PLUGIN_ID}${page ? `/${page}` : ''}`;
}

const TITLES: Record<string, string> = {
  [DASHBOARD_UID.trustOverview]: 'Trust overview',
  [DASHBOARD_UID.pipelineHealth]: 'Pipeline health',
  [DASHBOARD_UID.feedback]: 'Feedback',
};

/** Header links from one dashboard to the other Bilan dashboards and the app, keeping time and filters. */
export function navigationLinks(currentUid: string): dashboard.DashboardLinkBuilder[] {
  const others = Object.values(DASHBOARD_UID).filter((uid) => uid !== currentUid);
  return [
    ...others.map((uid) =>
      new dashboard.DashboardLinkBuilder(TITLES[uid] ?? uid)
        .type(dashboard.DashboardLinkType.Link)
        .url(dashboardUrl(uid))
        .icon('dashboard')
        .tooltip(`Open Bilan / ${TITLES[uid] ?? uid}`)
        .includeVars(true)
        .keepTime(true),
    ),
    new dashboard.DashboardLinkBuilder('Bilan app')
      .type(dashboard.DashboardLinkType.Link)
      .url(appUrl())
      .icon('apps')
      .tooltip('Open the Bilan app')
      .includeVars(false)
      .keepTime(true),
  ];
}

/** A field data link as Grafana stores it in field config (`links` property). */
interface DataLink {
  readonly title: string;
  readonly url: string;
  readonly targetBlank?: boolean;
  readonly internal?: { datasourceUid: string; datasourceName: string; query: Record<string, unknown> };
}

/** Override property that puts data links on a field. */
export function linksProperty(links: readonly DataLink[]): dashboard.DynamicConfigValue {
  return { id: 'links', value: links };
}

/** A Grafana template macro such as `${__value.raw}` (written out so no TS template string is implied). */
export function macro(name: string): string {
  return `\${${name}}`;
}
