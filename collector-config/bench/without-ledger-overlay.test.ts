import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CONFIG_DIR, PIPELINE_CONFIG } from '../src/paths';

const read = (path: string) => parse(readFileSync(path, 'utf8'));
const pipeline = read(PIPELINE_CONFIG);
const overlay = read(join(CONFIG_DIR, 'bench', 'without-ledger-overlay.yaml'));

type Statements = { context: string; statements: string[] }[];
const withoutCountIds = (groups: Statements): Statements =>
  groups.map((g) => ({ ...g, statements: g.statements.filter((s) => !s.includes('bilan.count.id')) }));

describe('the bench overlay without the count ledger', () => {
  it('is the pipeline minus the count ids: its copy of transform/count_fields is fresh', () => {
    const ours = pipeline.processors['transform/count_fields'];
    const theirs = overlay.processors['transform/count_fields'];
    expect(JSON.stringify(ours)).toContain('UUIDv7()');
    expect(theirs).toEqual({
      ...ours,
      log_statements: withoutCountIds(ours.log_statements),
      trace_statements: withoutCountIds(ours.trace_statements),
    });
  });

  it('takes count_ledger out of every pipeline that has it, and keeps their other processors', () => {
    for (const [name, spec] of Object.entries<{ processors?: string[] }>(pipeline.service.pipelines)) {
      if (!spec.processors?.includes('count_ledger')) continue;
      expect(overlay.service.pipelines[name]?.processors).toEqual(spec.processors.filter((p) => p !== 'count_ledger'));
    }
  });
});
