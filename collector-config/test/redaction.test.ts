import { readFileSync } from 'node:fs';
import { ATTR, LABEL_BOUNDS, RESOURCE_ATTR } from '@bilan/contract';
import { COLLECTOR_CONFIG } from '@bilan/stack';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

interface RedactionSettings {
  ignored_keys?: string[];
  blocked_key_patterns?: string[];
  blocked_values?: string[];
  redact_all_types?: boolean;
}
interface Config {
  processors: Record<string, RedactionSettings>;
  service: { pipelines: Record<string, { processors?: string[] }> };
}

const config = parse(readFileSync(COLLECTOR_CONFIG, 'utf8')) as Config;
const secretKeys = config.processors['redaction/secret_keys'] as RedactionSettings;
const values = config.processors.redaction as RedactionSettings;
const labelSources = config.processors['redaction/label_sources'] as RedactionSettings;
const contractKeys = [...new Set([...Object.values(ATTR), ...Object.values(RESOURCE_ATTR), 'event.name'])];

/** An RE2 pattern as JavaScript reads it: RE2's leading `(?i)` becomes the `i` flag. */
function re2(pattern: string): RegExp {
  return pattern.startsWith('(?i)') ? new RegExp(pattern.slice(4), 'i') : new RegExp(pattern);
}

// The redaction processor (contrib v0.160.0, processor.go) skips every check for an ignored key, and
// matches key patterns unanchored (MatchString).
describe('redaction of keys named like secrets', () => {
  const maskedWhole = (key: string) => (secretKeys.blocked_key_patterns ?? []).some((p) => re2(p).test(key));

  it("skips exactly the contract's keys (and event.name, which the logs pipeline sets)", () => {
    expect([...(secretKeys.ignored_keys ?? [])].sort()).toEqual([...contractKeys].sort());
  });

  it('would mask none of those keys anyway, so skipping them changes nothing', () => {
    expect((secretKeys.ignored_keys ?? []).filter(maskedWhole)).toEqual([]);
  });

  it('still masks keys named like secrets, whatever their case', () => {
    for (const key of [
      'app.password',
      'db.PASSWD',
      'x-api-key',
      'openai_api_key',
      'http.request.header.authorization',
      'Cookie',
      'client_secret',
    ])
      expect(maskedWhole(key), key).toBe(true);
    for (const key of ['user.id', 'app.passport', 'bilan.feature']) expect(maskedWhole(key), key).toBe(false);
  });

  it('checks no value itself: every PII value pattern stays in the processor that skips only the ids', () => {
    expect(secretKeys.blocked_values ?? []).toEqual([]);
    expect(values.blocked_values).toHaveLength(5);
    expect(values.ignored_keys).toEqual([ATTR.turnId, ATTR.conversationId]);
  });

  it('runs in both export pipelines, in front of the value redaction', () => {
    for (const id of ['traces', 'logs']) {
      const processors = config.service.pipelines[id]?.processors ?? [];
      expect(processors.indexOf('redaction/secret_keys'), id).toBeGreaterThanOrEqual(0);
      expect(processors.indexOf('redaction/secret_keys'), id).toBe(processors.indexOf('redaction') - 1);
    }
  });
});

describe('redaction of the label copies', () => {
  it('checks, of the contract keys, exactly those a label is read from (LABEL_BOUNDS)', () => {
    const sources = new Set(LABEL_BOUNDS.map((b) => b.attribute));
    const ignored = new Set(labelSources.ignored_keys ?? []);
    expect([...ignored].sort()).toEqual(contractKeys.filter((key) => !sources.has(key)).sort());
    for (const source of sources) expect(ignored.has(source), source).toBe(false);
  });

  it('with the same PII patterns and value types as what Tempo and Loki receive', () => {
    expect(labelSources.blocked_values).toEqual(values.blocked_values);
    expect(labelSources.redact_all_types).toBe(values.redact_all_types);
  });

  it('runs in front of both label transforms', () => {
    for (const [id, transform] of [
      ['traces/turn_metrics', 'transform/turn_labels'],
      ['logs/event_metrics', 'transform/event_labels'],
    ] as const) {
      const processors = config.service.pipelines[id]?.processors ?? [];
      expect(processors.indexOf('redaction/label_sources'), id).toBeGreaterThanOrEqual(0);
      expect(processors.indexOf('redaction/label_sources'), id).toBeLessThan(processors.indexOf(transform));
    }
  });
});
