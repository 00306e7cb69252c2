/**
 * Configuration page: pick the Prometheus, Loki and Tempo data sources. Until
 * saved, the app reads the uids the Bilan stack provisions (`prometheus`,
 * `loki`, `tempo`). The app enables itself (`autoEnabled`) rather than being
 * provisioned: Grafana's app provisioning writes its jsonData over the saved
 * settings at every start.
 */
import { PLUGIN_ID } from '@bilan/contract';
import type { AppPluginMeta, DataSourceInstanceSettings, PluginConfigPageProps } from '@grafana/data';
import { DataSourcePicker, getBackendSrv } from '@grafana/runtime';
import { Button, Field, FieldSet, Stack } from '@grafana/ui';
import { useState } from 'react';
import {
  type AppJsonData,
  type DatasourceKind,
  type ResolvedDatasources,
  resolveDatasources,
  toJsonData,
} from '../utils/settings';

const KINDS: { kind: DatasourceKind; label: string; description: string }[] = [
  { kind: 'prometheus', label: 'Prometheus', description: 'Votes, turns, conversations and journeys as metrics' },
  { kind: 'loki', label: 'Loki', description: 'Votes with comments, conversation and journey events' },
  { kind: 'tempo', label: 'Tempo', description: 'Turn spans, linked from every vote' },
];

interface FormProps {
  jsonData: AppJsonData | undefined;
  onSave: (jsonData: AppJsonData) => Promise<void>;
}

export function AppConfigForm({ jsonData, onSave }: FormProps) {
  const [uids, setUids] = useState<ResolvedDatasources>(() => resolveDatasources(jsonData));
  const [saving, setSaving] = useState(false);
  const pick = (kind: DatasourceKind) => (ds: DataSourceInstanceSettings) => setUids((u) => ({ ...u, [kind]: ds.uid }));
  return (
    <FieldSet label="Data sources">
      <p>
        Until you save a choice here, the app reads the data sources with uids <code>prometheus</code>,{' '}
        <code>loki</code> and <code>tempo</code>, the ones the Bilan stack provisions. Your choice is stored in Grafana
        and kept across restarts.
      </p>
      {KINDS.map(({ kind, label, description }) => (
        <Field key={kind} label={label} description={description}>
          <DataSourcePicker pluginId={kind} current={uids[kind]} onChange={pick(kind)} noDefault width={40} />
        </Field>
      ))}
      <Stack>
        <Button
          disabled={saving}
          onClick={async () => {
            setSaving(true);
            try {
              await onSave(toJsonData(uids));
            } finally {
              setSaving(false);
            }
          }}
        >
          Save data sources
        </Button>
      </Stack>
    </FieldSet>
  );
}

export default function AppConfig({ plugin }: PluginConfigPageProps<AppPluginMeta<AppJsonData>>) {
  const { enabled, pinned, jsonData } = plugin.meta;
  const save = async (next: AppJsonData) => {
    await getBackendSrv().post(`/api/plugins/${PLUGIN_ID}/settings`, { enabled, pinned, jsonData: next });
    window.location.reload();
  };
  return <AppConfigForm jsonData={jsonData} onSave={save} />;
}
