import { describe, expect, it } from 'vitest';
import { findDatasourceProblems, resolveDatasources, toJsonData } from './settings';

describe('resolveDatasources', () => {
  it('defaults to the provisioned uids', () => {
    expect(resolveDatasources(undefined)).toEqual({ prometheus: 'prometheus', loki: 'loki', tempo: 'tempo' });
    expect(resolveDatasources({ lokiUid: '  ' })).toEqual({ prometheus: 'prometheus', loki: 'loki', tempo: 'tempo' });
  });

  it('uses configured uids and round-trips through jsonData', () => {
    const uids = resolveDatasources({ prometheusUid: 'mimir', tempoUid: 'traces' });
    expect(uids).toEqual({ prometheus: 'mimir', loki: 'loki', tempo: 'traces' });
    expect(resolveDatasources(toJsonData(uids))).toEqual(uids);
  });
});

describe('findDatasourceProblems', () => {
  it('reports missing data sources and wrong types', () => {
    const known: Record<string, { type: string }> = { prometheus: { type: 'prometheus' }, loki: { type: 'tempo' } };
    expect(findDatasourceProblems(resolveDatasources({}), (uid) => known[uid])).toEqual([
      { kind: 'loki', uid: 'loki', problem: 'wrong-type' },
      { kind: 'tempo', uid: 'tempo', problem: 'missing' },
    ]);
  });
});
