import { describe, expect, it } from 'vitest';
import { planModelCall, seededRandom } from './fake-model';

describe('planModelCall', () => {
  const calls = Array.from({ length: 2000 }, (_, i) => planModelCall(seededRandom(42 + i), 'How do I export my data?'));

  it('fails about one call in twenty, with provider-like statuses', () => {
    const failed = calls.filter((c) => c.error);
    expect(failed.length / calls.length).toBeGreaterThan(0.03);
    expect(failed.length / calls.length).toBeLessThan(0.08);
    expect(new Set(failed.map((c) => c.error?.status))).toEqual(new Set([429, 504, 503]));
  });

  it('takes realistic time: at least 300 ms, a median near a second, a tail of slow calls', () => {
    const latencies = calls.map((c) => c.latencyMs).sort((a, b) => a - b);
    expect(latencies[0]).toBeGreaterThanOrEqual(300);
    expect(latencies[latencies.length / 2]).toBeGreaterThan(600);
    expect(latencies[latencies.length / 2]).toBeLessThan(1600);
    expect(latencies.at(-1)).toBeGreaterThan(3000);
  });

  it('is repeatable for a seed', () => {
    expect(planModelCall(seededRandom(7), 'hi')).toEqual(planModelCall(seededRandom(7), 'hi'));
  });
});
