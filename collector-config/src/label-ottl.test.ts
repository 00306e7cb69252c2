import { readFileSync } from 'node:fs';
import { LABEL_BOUNDS } from '@bilan/contract';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  BEGIN_MARKER,
  boundStatements,
  END_MARKER,
  LABEL_PROCESSORS,
  renderLabelBlock,
  renderLabelStatementsInto,
} from './label-ottl';
import { PIPELINE_CONFIG } from './paths';

const feature = LABEL_BOUNDS.find((b) => b.label === 'feature');
const service = LABEL_BOUNDS.find((b) => b.label === 'service_name');

describe('boundStatements', () => {
  it('folds any value into other, then keeps one within the bounds (an event attribute)', () => {
    expect(feature && boundStatements(feature)).toEqual([
      'set(attributes["feature"], "other") where attributes["bilan.feature"] != nil',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the Collector's own ${env:…} syntax
      'set(attributes["feature"], attributes["bilan.feature"]) where IsString(attributes["bilan.feature"]) and Len(attributes["bilan.feature"]) <= 64 and not IsMatch(attributes["bilan.feature"], "[^A-Za-z0-9_.:/@-]") and IsMatch(attributes["bilan.feature"], "${env:BILAN_FEATURE_ALLOWLIST:-}")',
    ]);
  });

  it('reads a resource attribute from the resource', () => {
    expect(service && boundStatements(service)[0]).toBe(
      'set(attributes["service_name"], "other") where resource.attributes["service.name"] != nil',
    );
  });
});

describe('renderLabelBlock', () => {
  it('bounds every label on events and only the turn labels on spans', () => {
    const count = (lines: string[]) => lines.filter((l) => l.includes('"other") where')).length;
    expect(count(renderLabelBlock('events', ''))).toBe(LABEL_BOUNDS.length);
    expect(count(renderLabelBlock('turns', ''))).toBe(LABEL_BOUNDS.filter((b) => b.onTurns).length);
  });

  it('reserves every label name first, so a producer cannot send a label directly', () => {
    const [, , reserve] = renderLabelBlock('turns', '');
    expect(reserve).toBe(
      '- delete_matching_keys(attributes, "^(service_name|environment|feature|model|prompt_version|rating|outcome|journey|step|token_type|reason)$")',
    );
  });
});

describe('renderLabelStatementsInto', () => {
  const config = readFileSync(PIPELINE_CONFIG, 'utf8');

  it('leaves otelcol-config.yaml as it is: its label statements are the rendered ones', () => {
    expect(renderLabelStatementsInto(config), 'run `npm run render -w collector-config`').toBe(config);
  });

  it('puts the rendered statements in the processors the pipeline runs', () => {
    const parsed = parse(config) as Record<string, Record<string, Record<string, { statements: string[] }[]>>>;
    const statements = (processor: string) =>
      Object.values(parsed.processors?.[processor] ?? {}).flatMap((v) =>
        Array.isArray(v) ? v.flatMap((g) => g.statements) : [],
      );
    for (const [processor, signal] of Object.entries(LABEL_PROCESSORS)) {
      const rendered = renderLabelBlock(signal, '')
        .filter((line) => line.startsWith('- '))
        .map((line) => line.slice(2));
      const inConfig = statements(processor);
      const at = inConfig.indexOf(rendered[0] as string);
      expect(at, processor).toBeGreaterThanOrEqual(0);
      expect(inConfig.slice(at, at + rendered.length), processor).toEqual(rendered);
    }
  });

  it('replaces a stale block and refuses a config without the markers', () => {
    const stale = config.replace(/<= 64 and/, '<= 65 and');
    expect(stale).not.toBe(config);
    expect(renderLabelStatementsInto(stale)).toBe(config);
    expect(() => renderLabelStatementsInto(config.replaceAll(END_MARKER, '# gone'))).toThrow(/markers are missing/);
    expect(() => renderLabelStatementsInto(config.replaceAll(BEGIN_MARKER, '# gone'))).toThrow(/markers are missing/);
  });
});
