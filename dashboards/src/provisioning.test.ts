import { describe, expect, it } from 'vitest';
import { dashboardConfig } from './config';
import { macro } from './links';
import {
  dashboardsProvisioning,
  escapeForProvisioning,
  interpolateLikeGrafana,
  renderProvisioningYaml,
} from './provisioning';

describe('escapeForProvisioning', () => {
  it('doubles every literal $ and turns env references into $NAME', () => {
    expect(escapeForProvisioning({ url: { env: 'LOKI_URL' }, q: [`a ${macro('__value.raw')}`], n: 1 })).toEqual({
      url: '$LOKI_URL',
      q: ['a $${__value.raw}'],
      n: 1,
    });
  });
});

describe('interpolateLikeGrafana', () => {
  it('reads back what escapeForProvisioning wrote', () => {
    const written = escapeForProvisioning({ url: { env: 'TEMPO_URL' }, link: macro('__span.traceId') }) as Record<
      string,
      string
    >;
    expect(interpolateLikeGrafana(written.url as string, { TEMPO_URL: 'http://tempo:3200' })).toBe('http://tempo:3200');
    expect(interpolateLikeGrafana(written.link as string, {})).toBe(macro('__span.traceId'));
  });
  it('reads an unset variable as empty, as Go does', () => {
    expect(interpolateLikeGrafana('x$NOPE/y', {})).toBe('x/y');
  });
});

describe('renderProvisioningYaml', () => {
  it('writes a header then the document', () => {
    const yaml = renderProvisioningYaml('The dashboards.', dashboardsProvisioning(dashboardConfig));
    expect(yaml.startsWith('# The dashboards.\n# Rendered by')).toBe(true);
    expect(yaml).toContain('folder: Bilan');
    expect(yaml).not.toContain('folderUid');
  });
});
