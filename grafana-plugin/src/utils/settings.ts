/** The app's settings (plugin `jsonData`) and the checks behind "no data source configured". */
import { DEFAULT_DATASOURCES } from '../constants';

/** Saved by the Configuration page. */
export interface AppJsonData {
  prometheusUid?: string;
  lokiUid?: string;
  tempoUid?: string;
}

export type DatasourceKind = keyof typeof DEFAULT_DATASOURCES;
export type ResolvedDatasources = Record<DatasourceKind, string>;

const JSON_KEY: Record<DatasourceKind, keyof AppJsonData> = {
  prometheus: 'prometheusUid',
  loki: 'lokiUid',
  tempo: 'tempoUid',
};

/** Uids to query: the configured ones, else the provisioned defaults (blank counts as unset). */
export function resolveDatasources(jsonData: AppJsonData | undefined): ResolvedDatasources {
  const pick = (kind: DatasourceKind) => jsonData?.[JSON_KEY[kind]]?.trim() || DEFAULT_DATASOURCES[kind];
  return { prometheus: pick('prometheus'), loki: pick('loki'), tempo: pick('tempo') };
}

/** jsonData to save for a choice of uids. */
export function toJsonData(uids: ResolvedDatasources): AppJsonData {
  return { prometheusUid: uids.prometheus, lokiUid: uids.loki, tempoUid: uids.tempo };
}

interface DatasourceProblem {
  kind: DatasourceKind;
  uid: string;
  problem: 'missing' | 'wrong-type';
}

/** Which configured data sources Grafana does not have, or has with another type. */
export function findDatasourceProblems(
  uids: ResolvedDatasources,
  lookup: (uid: string) => { type: string } | undefined,
): DatasourceProblem[] {
  const problems: DatasourceProblem[] = [];
  for (const kind of Object.keys(uids) as DatasourceKind[]) {
    const found = lookup(uids[kind]);
    if (!found) problems.push({ kind, uid: uids[kind], problem: 'missing' });
    else if (found.type !== kind) problems.push({ kind, uid: uids[kind], problem: 'wrong-type' });
  }
  return problems;
}
