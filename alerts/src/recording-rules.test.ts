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
    expect(trust?.expr).toBe(
      '(sum by (service_name, environment, feature) (rate(bilan_votes_total{rating="positive"}[1h])) ' +
        'or 0 * sum by (service_name, environment, feature) (rate(bilan_votes_total[1h]))) ' +
        '/ sum by (service_name, environment, feature) (rate(bilan_votes_total[1h]))',
    );
  });
});
