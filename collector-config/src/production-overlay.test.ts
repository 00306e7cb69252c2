// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} here are Collector, Grafana and Compose references, not templates
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PIPELINE_CONFIG, PRODUCTION_OVERLAY } from './paths';
import {
  BROWSER_RECEIVER,
  closeAllowlists,
  INGEST_AUTHENTICATOR,
  LABEL_PROCESSOR_NAMES,
  MATCH_NOTHING,
  renderProductionOverlay,
} from './production-overlay';

describe('closeAllowlists', () => {
  it('closes every open allowlist default and leaves other references alone', () => {
    const statements = [
      'IsMatch(a, "${env:BILAN_FEATURE_ALLOWLIST:-}") and IsMatch(b, "${env:BILAN_PROMPT_VERSION_ALLOWLIST:-}")',
      'set(x, "${env:BILAN_OTHER:-}")',
    ];
    expect(closeAllowlists(statements)).toEqual([
      'IsMatch(a, "${env:BILAN_FEATURE_ALLOWLIST:-a^}") and IsMatch(b, "${env:BILAN_PROMPT_VERSION_ALLOWLIST:-a^}")',
      'set(x, "${env:BILAN_OTHER:-}")',
    ]);
  });

  it('uses a pattern that matches no string, the empty one included', () => {
    const re = new RegExp(MATCH_NOTHING);
    for (const value of ['', 'a', 'chat', 'a^', '\n']) expect(re.test(value)).toBe(false);
  });
});

describe('renderProductionOverlay', () => {
  const pipelineText = readFileSync(PIPELINE_CONFIG, 'utf8');
  const pipeline = parse(pipelineText);
  const overlay = parse(renderProductionOverlay(pipelineText));

  it('is what otelcol-config.production.yaml holds (run `npm run render -w collector-config`)', () => {
    expect(readFileSync(PRODUCTION_OVERLAY, 'utf8')).toBe(renderProductionOverlay(pipelineText));
  });

  it('requires the token on both protocols of the server-side receiver', () => {
    expect(overlay.receivers.otlp.protocols.grpc.auth.authenticator).toBe(INGEST_AUTHENTICATOR);
    expect(overlay.receivers.otlp.protocols.http.auth.authenticator).toBe(INGEST_AUTHENTICATOR);
    expect(overlay.service.extensions).toEqual([...pipeline.service.extensions, INGEST_AUTHENTICATOR]);
  });

  it('feeds the browser receiver into the log pipelines that take OTLP, and nothing else', () => {
    const withBrowser = Object.entries(overlay.service.pipelines as Record<string, { receivers: string[] }>)
      .filter(([, p]) => p.receivers.includes(BROWSER_RECEIVER))
      .map(([id]) => id);
    const otlpLogPipelines = Object.entries(pipeline.service.pipelines as Record<string, { receivers: string[] }>)
      .filter(([id, p]) => id.split('/')[0] === 'logs' && p.receivers.includes('otlp'))
      .map(([id]) => id);
    expect(otlpLogPipelines.length).toBeGreaterThan(0);
    expect(withBrowser).toEqual(otlpLogPipelines);
    expect(Object.keys(overlay.receivers[BROWSER_RECEIVER].protocols)).toEqual(['http']);
  });

  it('copies the label processors with every allowlist closed, nothing else changed', () => {
    for (const name of LABEL_PROCESSOR_NAMES) {
      const copy = JSON.stringify(overlay.processors[name]);
      expect(copy).not.toMatch(/_ALLOWLIST:-\}/);
      expect(copy).toBe(JSON.stringify(pipeline.processors[name]).replaceAll('_ALLOWLIST:-}', '_ALLOWLIST:-a^}'));
    }
  });
});
