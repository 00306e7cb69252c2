import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ATTR, EVENT, LABEL, NARROW_SERIES, RESOURCE_ATTR, SERIES } from '@bilan/contract';
import { COLLECTOR_CONFIG } from '@bilan/stack';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CONFIG_DIR } from '../src/paths';

interface MetricDefinition {
  name: string;
  attributes?: { key: string }[];
  sum?: { monotonic?: boolean };
  histogram?: unknown;
}

const configText = readFileSync(COLLECTOR_CONFIG, 'utf8');
const config = parse(configText) as {
  connectors: { signal_to_metrics: Record<string, MetricDefinition[] | string> };
  processors: Record<string, unknown>;
};
/** The id count_ledger keeps for each counted record (README.md, "Counting exactly once"). */
const COUNT_ID = 'bilan.count.id';
const definitions = Object.values(config.connectors.signal_to_metrics).flatMap((v) => (Array.isArray(v) ? v : []));
const CONTRACT_SERIES = [...Object.values(SERIES), ...NARROW_SERIES];

/** The series name a definition ends up as: its own, or the one a `set(name, ...)` statement renames it to. */
function seriesNameOf(definition: MetricDefinition): string {
  const renames = [...configText.matchAll(/set\(name, "([^"]+)"\) where ([^\n]+)/g)];
  const rename = renames.find(([, , where]) => where?.includes(`name == "${definition.name}"`));
  return rename?.[1] ?? definition.name;
}

describe('otelcol-config.yaml against the contract (SERIES, NARROW_SERIES)', () => {
  it('produces every contract series and its narrow twins, and nothing else', () => {
    const produced = new Set(definitions.map(seriesNameOf));
    expect([...produced].sort()).toEqual(CONTRACT_SERIES.map((s) => s.name).sort());
  });

  it('counts a narrow series on the same events and values as its source', () => {
    for (const narrow of NARROW_SERIES) {
      const sources = definitions.filter((d) => seriesNameOf(d) === narrow.source.name);
      const twins = definitions.filter((d) => seriesNameOf(d) === narrow.name);
      // Everything but the name, the description and the labels it drops.
      const sameAs = ({
        name: _name,
        description: _description,
        ...d
      }: MetricDefinition & { description?: string }) => ({
        ...d,
        attributes: d.attributes?.filter((a) => !narrow.without.includes(a.key)),
      });
      expect(twins.map(sameAs), narrow.name).toEqual(sources.map(sameAs));
    }
  });

  it.each(definitions.map((d) => [d.name, d] as const))(
    '%s has exactly the labels and type of its series',
    (_name, definition) => {
      const spec = CONTRACT_SERIES.find((s) => s.name === seriesNameOf(definition));
      expect(spec).toBeDefined();
      expect((definition.attributes ?? []).map((a) => a.key).sort()).toEqual([...(spec?.labels ?? [])].sort());
      if (spec?.type === 'histogram') expect(definition.histogram).toBeDefined();
      else expect(definition.sum?.monotonic).toBe(true);
    },
  );

  it('reads only contract attribute and event names (plus the `event.name` fallback)', () => {
    const attributes = new Set<string>([
      ...Object.values(ATTR),
      ...Object.values(RESOURCE_ATTR),
      ...Object.values(LABEL),
      'event.name',
    ]);
    const read = [...configText.matchAll(/attributes\["([^"]+)"\]/g)].map((m) => m[1] as string);
    expect(read.length).toBeGreaterThan(20);
    expect([...new Set(read)].filter((name) => !attributes.has(name) && name !== COUNT_ID)).toEqual([]);
    const events = [...configText.matchAll(/event_name == "([^"]+)"/g)].map((m) => m[1] as string);
    expect(events.length).toBeGreaterThan(5);
    expect(events.filter((name) => !Object.values(EVENT).includes(name as never))).toEqual([]);
  });

  it('stamps the count id that count_ledger reads on every counted record, logs and spans, after trimming', () => {
    // The one name the pipeline writes for itself; the Go processor declares it (countledger/countid.go).
    const goSource = readFileSync(join(CONFIG_DIR, 'countledger', 'countid.go'), 'utf8');
    expect(goSource).toContain(`const CountIDAttribute = "${COUNT_ID}"`);
    const trim = config.processors['transform/count_fields'] as unknown as Record<string, { statements: string[] }[]>;
    for (const group of [trim.log_statements?.[0], trim.trace_statements?.[0]]) {
      const statements = group?.statements ?? [];
      // Set after keep_matching_keys, so a producer's own attribute of that name never survives.
      expect(statements.at(-1)).toBe(`set(attributes["${COUNT_ID}"], UUIDv7())`);
      expect(statements[0]).toMatch(/^keep_matching_keys/);
    }
  });

  it('reserves every label name, in both labelling transforms', () => {
    const reserved = [...configText.matchAll(/delete_matching_keys\(attributes, "\^\(([^)]+)\)\$"\)/g)].map((m) =>
      (m[1] as string).split('|').sort(),
    );
    expect(reserved).toHaveLength(2);
    for (const names of reserved) expect(names).toEqual(Object.values(LABEL).sort());
  });

  it('keeps, in the counts queue, every label and every attribute signal_to_metrics reads', () => {
    const keep = [...configText.matchAll(/- keep_matching_keys\(attributes, "([^"]+)"\)/g)].map(
      (m) => new RegExp((m[1] as string).replaceAll('\\\\', '\\')),
    );
    expect(keep).toHaveLength(2); // logs, spans
    const [logKeep, spanKeep] = keep as [RegExp, RegExp];
    const perSignal = config.connectors.signal_to_metrics as unknown as Record<'logs' | 'spans', MetricDefinition[]>;
    for (const [signal, kept] of [
      ['logs', logKeep],
      ['spans', spanKeep],
    ] as const) {
      const read = perSignal[signal].flatMap((d) => [
        ...(d.attributes ?? []).map((a) => a.key),
        ...[...JSON.stringify(d).matchAll(/attributes\[\\"([^\\]+)\\"\]/g)].map((m) => m[1] as string),
      ]);
      expect(read.length).toBeGreaterThan(10);
      expect([...new Set(read)].filter((name) => !kept.test(name))).toEqual([]);
      expect(kept.test(ATTR.feature)).toBe(false); // the source attributes are dropped once labelled
    }
  });

  it('never binds the receivers to all interfaces by default, nor allows every CORS origin', () => {
    expect(configText).not.toMatch(/:-0\.0\.0\.0/);
    expect(configText).not.toMatch(/allowed_origins:.*"\*"/);
  });
});
