import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROMTOOL_BIN } from '@bilan/stack';
import { describe, expect, it } from 'vitest';
import { cumulativeTraffic, firstSample, openMetrics, type SyntheticShape } from './synthetic-data';

const origin = 1_790_000_000 - 86400;
const shape: SyntheticShape = {
  features: 2,
  models: 2,
  promptVersions: 2,
  origin,
  start: origin,
  end: origin + 4 * 3600,
  step: 600,
  turnsPerHour: 600,
  voteShare: 0.2,
};
const text = (s: SyntheticShape) => [...openMetrics(s)].join('');

function samplesOf(doc: string, series: string): Array<[number, number]> {
  return doc
    .split('\n')
    .filter((l) => l.startsWith(`${series} `))
    .map((l) => {
      const [, value, t] = l.split(' ');
      return [Number(t), Number(value)];
    });
}

describe('cumulativeTraffic', () => {
  it('starts at 0 and only grows', () => {
    expect(cumulativeTraffic(origin, origin)).toBeCloseTo(0);
    let last = 0;
    for (let t = origin; t < origin + 2 * 86400; t += 977) {
      const v = cumulativeTraffic(origin, t);
      expect(v).toBeGreaterThanOrEqual(last);
      last = v;
    }
  });
});

describe('firstSample', () => {
  it('rounds up to the step grid', () => {
    expect(firstSample({ origin: 0, start: 0, step: 600 })).toBe(0);
    expect(firstSample({ origin: 0, start: 1, step: 600 })).toBe(600);
    expect(firstSample({ origin: 0, start: 600, step: 600 })).toBe(600);
  });
});

describe('openMetrics', () => {
  const doc = text(shape);
  const series =
    'bilan_votes_total{service_name="bench-app",environment="production",feature="feature-00",model="model-0",prompt_version="v1",rating="positive"}';

  it('writes every sample of the window, ending with # EOF', () => {
    expect(samplesOf(doc, series)).toHaveLength(25);
    expect(doc.endsWith('# EOF\n')).toBe(true);
  });

  it("writes each step's votes as a whole number of its own", () => {
    const values = samplesOf(doc, series).map(([, v]) => v as number);
    for (const v of values) expect(Number.isInteger(v) && v >= 0).toBe(true);
    expect(values.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });

  it('writes windows that join into the whole history without overlap', () => {
    const first = text({ ...shape, end: origin + 2 * 3600 - 1 });
    const second = text({ ...shape, start: origin + 2 * 3600 });
    expect([...samplesOf(first, series), ...samplesOf(second, series)]).toEqual(samplesOf(doc, series));
  });

  it('is accepted by promtool create-blocks-from openmetrics', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bilan-om-'));
    try {
      writeFileSync(join(dir, 'data.om'), doc);
      const out = execFileSync(
        PROMTOOL_BIN,
        ['tsdb', 'create-blocks-from', 'openmetrics', join(dir, 'data.om'), join(dir, 'blocks')],
        {
          encoding: 'utf8',
        },
      );
      expect(out).toMatch(/BLOCK ULID/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
