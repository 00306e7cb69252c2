import { DATASOURCE_UID, LABEL, RESOURCE_ATTR, SERIES, sumCountOverRange } from '@bilan/contract';
import { stringify } from 'yaml';
import type { DashboardConfig } from './config';
import { macro } from './links';

/**
 * Grafana file provisioning for Bilan, rendered from here so the uids, the app's
 * settings and the cross-links have one source. Values are what Grafana should
 * see; `renderProvisioningYaml` escapes `$` as `$$` (Grafana interpolates
 * environment variables in provisioning files) except in the env references.
 */

/** Environment variables the data-source URLs come from, with the compose file's defaults. */
export const PROVISIONING_ENV = {
  PROMETHEUS_URL: 'http://prometheus:9090',
  LOKI_URL: 'http://loki:3100',
  TEMPO_URL: 'http://tempo:3200',
} as const;

/** A value Grafana reads from the environment at provisioning time. */
interface EnvRef {
  readonly env: keyof typeof PROVISIONING_ENV;
}

function env(name: keyof typeof PROVISIONING_ENV): EnvRef {
  return { env: name };
}

const serviceTag = { key: RESOURCE_ATTR.serviceName, value: LABEL.serviceName };

/** PromQL the Tempo data source offers from a span; Grafana fills `$__tags` with the span's tags. */
export function traceToMetricsQueries(): Array<{ name: string; query: string }> {
  return [
    {
      name: 'Turn latency P95',
      query: `histogram_quantile(0.95, sum by (le) (rate(${SERIES.turnDuration.name}_bucket{$__tags}[5m])))`,
    },
    {
      name: 'Turns by outcome, last hour',
      query: sumCountOverRange(`${SERIES.turns.name}{$__tags}`, '1h', [LABEL.outcome]),
    },
  ];
}

export function datasourcesProvisioning() {
  return {
    apiVersion: 1,
    datasources: [
      {
        name: 'Prometheus',
        type: 'prometheus',
        uid: DATASOURCE_UID.prometheus,
        access: 'proxy',
        url: env('PROMETHEUS_URL'),
        isDefault: true,
        editable: false,
        jsonData: {
          httpMethod: 'POST',
          // Exemplars on the turn-duration histogram open the turn's trace.
          exemplarTraceIdDestinations: [{ name: 'trace_id', datasourceUid: DATASOURCE_UID.tempo }],
        },
      },
      {
        name: 'Tempo',
        type: 'tempo',
        uid: DATASOURCE_UID.tempo,
        access: 'proxy',
        url: env('TEMPO_URL'),
        editable: false,
        jsonData: {
          tracesToLogsV2: {
            datasourceUid: DATASOURCE_UID.loki,
            spanStartTimeShift: '-5m',
            spanEndTimeShift: '1h',
            filterByTraceID: true,
            filterBySpanID: false,
            // A vote arrives minutes after its turn, in the turn's trace: search by trace id.
            customQuery: true,
            query: `{${LABEL.serviceName}="\${__span.tags["${RESOURCE_ATTR.serviceName}"]}"} | trace_id="\${__span.traceId}"`,
            tags: [serviceTag],
          },
          tracesToMetrics: {
            datasourceUid: DATASOURCE_UID.prometheus,
            spanStartTimeShift: '-5m',
            spanEndTimeShift: '5m',
            tags: [serviceTag],
            queries: traceToMetricsQueries(),
          },
          serviceMap: { datasourceUid: DATASOURCE_UID.prometheus },
          nodeGraph: { enabled: true },
          lokiSearch: { datasourceUid: DATASOURCE_UID.loki },
          search: { hide: false },
        },
      },
      {
        name: 'Loki',
        type: 'loki',
        uid: DATASOURCE_UID.loki,
        access: 'proxy',
        url: env('LOKI_URL'),
        editable: false,
        jsonData: {
          maxLines: 1000,
          // OTLP ingest keeps the trace id as structured metadata `trace_id`.
          derivedFields: [
            {
              name: 'Trace',
              matcherType: 'label',
              matcherRegex: 'trace_id',
              datasourceUid: DATASOURCE_UID.tempo,
              url: macro('__value.raw'),
              urlDisplayLabel: 'Open trace in Tempo',
            },
          ],
        },
      },
    ],
  };
}

/** A file provider that loads `dashboards/*.json` into the Bilan folder. */
export function dashboardsProvisioning(config: DashboardConfig) {
  return {
    apiVersion: 1,
    providers: [
      {
        name: 'Bilan',
        orgId: 1,
        // By title only, as alerting provisioning finds (or creates, with a random uid) its folder:
        // with a folderUid as well, Grafana 13 made two "Bilan" folders (alerting's runs first).
        folder: config.folder.title,
        type: 'file',
        disableDeletion: false,
        allowUiUpdates: false,
        updateIntervalSeconds: 60,
        options: { path: config.dashboardsPathInGrafana, foldersFromFilesStructure: false },
      },
    ],
  };
}

function isEnvRef(value: unknown): value is EnvRef {
  return typeof value === 'object' && value !== null && Object.keys(value).length === 1 && 'env' in value;
}

/** Deep copy with every literal `$` escaped as `$$` and every EnvRef turned into `$NAME`. */
export function escapeForProvisioning(value: unknown): unknown {
  if (typeof value === 'string') return value.replaceAll('$', '$$$$');
  if (isEnvRef(value)) return `$${value.env}`;
  if (Array.isArray(value)) return value.map(escapeForProvisioning);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapeForProvisioning(v)]));
  }
  return value;
}

/** Inverse of what Grafana does to a provisioning string: `$$` → `$`, `$NAME`/`${NAME}` → the environment's value. */
export function interpolateLikeGrafana(value: string, environment: Readonly<Record<string, string>>): string {
  return value
    .split('$$')
    .map((part) =>
      part.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, braced: string | undefined, bare: string | undefined) => {
        return environment[(braced ?? bare) as string] ?? '';
      }),
    )
    .join('$');
}

export function renderProvisioningYaml(header: string, document: unknown): string {
  return `# ${header}\n# Rendered by \`npm run render -w dashboards\` from dashboards/src/provisioning.ts; do not edit.\n${stringify(escapeForProvisioning(document), { lineWidth: 0 })}`;
}
