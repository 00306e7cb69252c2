// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} here are Collector, Grafana and Compose references, not templates
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@bilan/stack';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  findSecretShapes,
  isCollectorReference,
  isComposeReference,
  isGrafanaReference,
  literalSecretFields,
} from '../src/secret-scan';

// No secret in the repository: the tracked files hold no credential, and every config field that
// carries one names an environment variable or a file.
const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: REPO_ROOT, encoding: 'utf8' })
  .split('\0')
  .filter(Boolean);
const read = (file: string) => readFileSync(join(REPO_ROOT, file), 'utf8');
const yamlOf = (file: string): unknown => parse(read(file));
const isYaml = (file: string) => /\.ya?ml$/.test(file);
// Tests send fake credentials on purpose (redaction and privacy tests); they are fixtures, not secrets.
const isTest = (file: string) => /(\.test\.tsx?$|(^|\/)tests?\/)/.test(file);
const isText = (file: string) => !/\.(png|jpe?g|gif|ico|woff2?)$/.test(file);

describe('tracked files', () => {
  it('are found (the scan is not vacuous)', () => {
    expect(tracked.length).toBeGreaterThan(100);
    expect(tracked).toContain('collector-config/otelcol-config.production.yaml');
  });

  it('hold no credential outside the tests’ fixtures', () => {
    const findings = tracked.filter((f) => isText(f) && !isTest(f)).flatMap((f) => findSecretShapes(f, read(f)));
    expect(findings).toEqual([]);
  });
});

describe('config fields that carry secrets name an environment variable or a file', () => {
  it('in every Collector config (bearer tokens, passwords, authorization headers)', () => {
    const configs = tracked.filter((f) => f.startsWith('collector-config/') && isYaml(f));
    expect(configs).toContain('collector-config/otelcol-config.yaml');
    const secretKey = /^(token|tokens|password|client_secret|api_key|authorization|bearer_token|credentials)$/i;
    expect(configs.flatMap((f) => literalSecretFields(yamlOf(f), secretKey, isCollectorReference))).toEqual([]);
    const production = yamlOf('collector-config/otelcol-config.production.yaml') as {
      extensions: Record<string, { token?: string; filename?: string }>;
    };
    expect(production.extensions['bearertokenauth/ingest']).toEqual({
      scheme: 'Bearer',
      token: '${env:BILAN_INGEST_TOKEN}',
      filename: '${env:BILAN_INGEST_TOKEN_FILE}',
    });
  });

  it('in Grafana provisioning (data source URLs and secure data, contact point URLs and addresses)', () => {
    const files = tracked.filter((f) => f.startsWith('provisioning/') && isYaml(f));
    expect(files.length).toBeGreaterThanOrEqual(3);
    const secretKey =
      /^(url|addresses|password|basicAuthPassword|token|apiKey|secret|secureJsonData|integrationKey|httpHeaderValue\d+)$/;
    // `$${…}` is Grafana's escape for a literal `${…}`: a link template, filled in per row.
    const allowed = (v: string) => isGrafanaReference(v) || v.startsWith('$${');
    expect(files.flatMap((f) => literalSecretFields(yamlOf(f), secretKey, allowed))).toEqual([]);
  });

  it('in the Alertmanager config: no secret field, and webhooks only to this machine', () => {
    // Alertmanager reads no environment; secrets go in its *_file fields (credentials_file, url_file).
    const secretKey =
      /^(url|api_url|webhook_url|auth_password|auth_secret|api_key|api_secret|routing_key|service_key|bot_token|token|user_key|password|credentials|bearer_token)$/;
    const loopback = (v: string) => /^https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?\//.test(v);
    expect(literalSecretFields(yamlOf('alerts/alertmanager-config.yml'), secretKey, loopback)).toEqual([]);
  });

  it('in docker-compose.yml (secret-named variables are interpolated from the host)', () => {
    const services = (yamlOf('docker-compose.yml') as { services: Record<string, { environment?: object }> }).services;
    const environments = Object.values(services).map((s) => s.environment ?? {});
    const secretKey = /(PASSWORD|TOKEN|SECRET|API_KEY|WEBHOOK_URL|CREDENTIALS)/;
    expect(literalSecretFields(environments, secretKey, isComposeReference)).toEqual([]);
  });
});
