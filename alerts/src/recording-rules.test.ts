import { RATING, shareOrZero, sumCountOverRange } from '@bilan/contract';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from './config';
import { RECORDING, recordingRuleNames, recordingRules } from './recording-rules';

describe('recordingRuleNames', () => {
  it('puts the window in the name, in level:metric:operations form', () => {
    expect(RECORDING.trustScore).toBe('bilan:trust_score:ratio_rate1h');
    expect(recordingRuleNames({ ...defaultConfig, trustWindow: '2m' }).trustScore).toBe(
      'bilan:trust_score:ratio_rate2m',
    );
    for (const name of Object.values(RECORDING)) expect(name).toMatch(/^bilan:[a-z_]+:[a-z0-9_]+$/);
  });
});

describe('recordingRules', () => {
  const rules = recordingRules(defaultConfig);

  it('records every named series exactly once', () => {
    expect(rules.map((r) => r.record).sort()).toEqual(Object.values(RECORDING).sort());
  });

  it('computes the trust score as positive votes over all votes, 0 when every vote is negative', () => {
    const trust = rules.find((r) => r.record === RECORDING.trustScore);
    const labels = ['service_name', 'environment', 'feature'];
    expect(trust?.expr).toBe(
      shareOrZero(
        sumCountOverRange('bilan_votes_total', '1h', [...labels, 'rating']),
        'rating',
        'positive',
        RATING,
        sumCountOverRange('bilan_votes_total', '1h', labels),
        labels,
      ),
    );
  });

  it('counts the votes and turns the volume guards need', () => {
    const guards = rules.filter(
      (r) => r.record === RECORDING.votesInTrustWindow || r.record === RECORDING.turnsInRateWindow,
    );
    expect(guards.map((r) => r.expr)).toEqual([
      sumCountOverRange('bilan_votes_total', '1h', ['service_name', 'environment', 'feature']),
      sumCountOverRange('bilan_turns_total', '5m', ['service_name', 'environment', 'feature']),
    ]);
  });
});
