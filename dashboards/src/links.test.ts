import { DASHBOARD_UID } from '@bilan/contract';
import { describe, expect, it } from 'vitest';
import { appUrl, dashboardUrl, macro, navigationLinks } from './links';

describe('urls', () => {
  it('builds dashboard and app urls', () => {
    expect(dashboardUrl('x')).toBe('/d/x');
    expect(appUrl()).toBe('/a/bilan-analytics-app');
    expect(appUrl('conversations')).toBe('/a/bilan-analytics-app/conversations');
  });
  it('writes Grafana macros', () => {
    expect(macro('__value.raw')).toBe(['$', '{__value.raw}'].join(''));
  });
});

describe('navigationLinks', () => {
  it('links to the two other dashboards and the app, keeping time and filters', () => {
    const links = navigationLinks(DASHBOARD_UID.feedback).map((b) => b.build());
    expect(links.map((l) => l.url)).toEqual([
      '/d/bilan-trust-overview',
      '/d/bilan-pipeline-health',
      '/a/bilan-analytics-app',
    ]);
    expect(links.slice(0, 2).every((l) => l.includeVars && l.keepTime)).toBe(true);
  });
});
