// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} here are Collector, Grafana and Compose references, not templates
import { describe, expect, it } from 'vitest';
import {
  findSecretShapes,
  isCollectorReference,
  isComposeReference,
  isGrafanaReference,
  literalSecretFields,
} from './secret-scan';

describe('findSecretShapes', () => {
  it('finds each kind of credential, with its line', () => {
    // Built at run time, so this file holds no secret shape itself.
    const planted = [
      ['-----BEGIN RSA PRIVATE', ' KEY-----'],
      ['AKIA', 'ABCDEFGHIJKLMNOP'],
      ['ghp_', 'a'.repeat(36)],
      ['xoxb-', '123456789012-abc'],
      ['https://hooks.slack.com/services/', 'T000/B000/XXXX'],
      ['sk-proj-', 'abcdefghijklmnopqrstuvwxyz'],
      ['AIza', 'b'.repeat(35)],
      ['eyJhbGciOiJIUzI1NiJ9', '.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLXZhbHVl'],
      ['https://events.pagerduty.com/integration/', 'f'.repeat(32)],
      ['postgres://bilan:', 's3cr3t@db:5432/bilan'],
    ].map(([a, b]) => `value: ${a}${b}`);
    const found = findSecretShapes('planted.yaml', ['clean line', ...planted].join('\n'));
    expect(found.map((f) => f.where)).toEqual(planted.map((_, i) => `planted.yaml:${i + 2}`));
    expect(new Set(found.map((f) => f.what)).size).toBe(planted.length);
  });

  it('leaves ordinary text and references alone', () => {
    const text = [
      'url: http://127.0.0.1:9099/bilan',
      'token: ${env:BILAN_INGEST_TOKEN}',
      'url: $PROMETHEUS_URL',
      'task-list sk-short',
      'https://user@example.com/path',
      'redis://:${REDIS_PASSWORD}@cache:6379',
    ].join('\n');
    expect(findSecretShapes('ok.yaml', text)).toEqual([]);
  });
});

describe('literalSecretFields', () => {
  const secret = /^(token|password|secureJsonData)$/;
  it('reports literal values of secret fields, in lists and maps too, with their path', () => {
    const doc = {
      a: { token: 'abc', password: '${env:P}' },
      b: [{ password: 'p1' }],
      secureJsonData: { basicAuthPassword: 'hunter2', other: '$OK' },
      c: { tokens: 'not a secret key' },
    };
    expect(literalSecretFields(doc, secret, isCollectorReference).map((f) => f.where)).toEqual([
      'a.token',
      'b[0].password',
      'secureJsonData',
      'secureJsonData',
    ]);
    expect(literalSecretFields(doc.secureJsonData, /./, isGrafanaReference).map((f) => f.where)).toEqual([
      'basicAuthPassword',
    ]);
  });

  it('accepts empty and absent values', () => {
    expect(literalSecretFields({ token: '', password: null }, secret, () => false)).toEqual([]);
  });
});

describe('references', () => {
  it('knows each tool’s syntax', () => {
    expect(isCollectorReference('${env:BILAN_INGEST_TOKEN}')).toBe(true);
    expect(isCollectorReference('${env:BILAN_TENANT_ID:-anonymous}')).toBe(true);
    expect(isCollectorReference('${file:/run/secrets/token}')).toBe(true);
    expect(isCollectorReference('Bearer ${env:BILAN_GATEWAY_TOKEN}')).toBe(true);
    expect(isCollectorReference('Bearer abc')).toBe(false);
    expect(isCollectorReference('abc ${env:X} def')).toBe(false);
    expect(isGrafanaReference('$PROMETHEUS_URL')).toBe(true);
    expect(isGrafanaReference('${BILAN_ONCALL_EMAIL}')).toBe(true);
    expect(isGrafanaReference('oncall@example.com')).toBe(false);
    expect(isComposeReference('${BILAN_PAGER_WEBHOOK_URL:-http://localhost:9/bilan-pager}')).toBe(true);
    expect(isComposeReference('${BILAN_INGEST_TOKEN:?set it}')).toBe(true);
    expect(isComposeReference('hunter2')).toBe(false);
  });
});
