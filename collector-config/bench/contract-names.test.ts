import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ATTR, EVENT } from '@bilan/contract';
import { describe, expect, it } from 'vitest';
import { benchContractNames } from './contract-names';

const script = readFileSync(fileURLToPath(new URL('./ingest.js', import.meta.url)), 'utf8');

describe('benchContractNames', () => {
  it('survives a JSON round trip unchanged (k6 reads it as JSON)', () => {
    const names = benchContractNames();
    expect(JSON.parse(JSON.stringify(names))).toEqual(names);
  });

  it('holds every attribute and event key the k6 script reads', () => {
    const names = benchContractNames();
    const used = (group: string) => [...script.matchAll(new RegExp(`names\\.${group}\\.(\\w+)`, 'g'))].map((m) => m[1]);
    const attrs = used('attr');
    const events = used('event');
    expect(attrs.length).toBeGreaterThan(5);
    expect(events.length).toBeGreaterThan(3);
    for (const key of attrs) expect(ATTR).toHaveProperty(key as string);
    for (const key of events) expect(EVENT).toHaveProperty(key as string);
    expect(names.event.evaluationResult).toBe(EVENT.evaluationResult);
  });

  it('leaves no contract name hard-coded in the k6 script', () => {
    for (const name of [...Object.values(ATTR), ...Object.values(EVENT)]) {
      expect(script).not.toContain(`'${name}'`);
    }
  });
});
