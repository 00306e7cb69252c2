import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COLLECTOR_SCRAPE_JOB, DASHBOARD_UID, PLUGIN_ID } from '@bilan/contract';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { collectorGoRuntimeEnv } from './collector-runtime';
import {
  bindMounts,
  type ComposeFile,
  dependencies,
  environmentNames,
  envVarsReadByCollectorConfig,
  grafanaProvisioningEnvVars,
  isPinnedImage,
  splitImage,
  unpinnedImages,
  volumeMounts,
} from './docker-compose';
import { DEFAULT_RULE_FILES, PROMETHEUS_SCRAPE_JOB } from './prometheus';

const REPO = resolve(fileURLToPath(new URL('../..', import.meta.url)));
/** The Compose Specification schema, copied into the repo (`schemas/README.md` says from where). */
const SCHEMA_PATH = join(REPO, 'stack', 'src', 'schemas', 'compose-spec.json');
const COLLECTOR_CONFIG = join(REPO, 'collector-config', 'otelcol-config.yaml');
const read = (path: string) => readFileSync(path, 'utf8');

describe('bindMounts', () => {
  it('lists host paths of short and long syntax, not named volumes', () => {
    const compose: ComposeFile = {
      services: {
        a: { volumes: ['./x.yaml:/etc/x.yaml:ro', 'data:/var/data'] },
        b: {
          volumes: [
            { type: 'bind', source: './y', target: '/y' },
            { type: 'volume', source: 'z', target: '/z' },
          ],
        },
      },
    };
    expect(bindMounts(compose)).toEqual([
      { service: 'a', source: './x.yaml', target: '/etc/x.yaml', readOnly: true },
      { service: 'b', source: './y', target: '/y', readOnly: false },
    ]);
    expect(volumeMounts(compose)).toEqual([
      { service: 'a', source: 'data', target: '/var/data', readOnly: false },
      { service: 'b', source: 'z', target: '/z', readOnly: false },
    ]);
  });
});

describe('dependencies', () => {
  it('reads the list and the long form, started by default', () => {
    expect(dependencies({ depends_on: ['a'] })).toEqual({ a: 'service_started' });
    expect(dependencies({ depends_on: { a: { condition: 'service_completed_successfully' }, b: {} } })).toEqual({
      a: 'service_completed_successfully',
      b: 'service_started',
    });
    expect(dependencies({})).toEqual({});
  });
});

describe('splitImage and unpinnedImages', () => {
  it('tells a tag from a registry port', () => {
    expect(splitImage('localhost:5000/bilan/app')).toEqual({ name: 'localhost:5000/bilan/app', digest: undefined });
    expect(splitImage('grafana/loki:3.5.5')).toEqual({ name: 'grafana/loki', tag: '3.5.5', digest: undefined });
  });

  it('flags latest, a missing tag and a bare major, accepts full versions and digests', () => {
    const images = ['a:latest', 'b', 'c:3', 'd:v3.5.0', 'e:2.8.2', `f@sha256:${'0'.repeat(64)}`];
    const compose: ComposeFile = { services: Object.fromEntries(images.map((image, i) => [`s${i}`, { image }])) };
    expect(unpinnedImages(compose)).toEqual(['s0: a:latest', 's1: b', 's2: c:3']);
  });
});

describe('envVarsReadByCollectorConfig', () => {
  it('finds both reference forms, notes defaults, ignores comments', () => {
    const vars = envVarsReadByCollectorConfig(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Collector config references, not templates
      'endpoint: ${env:A}\nurl: ${B:-http://x}\n# ${env:COMMENTED}\nboth: ${env:A:-y}',
    );
    expect([...vars.keys()]).toEqual(['A', 'B']);
    expect(vars.get('A')).toEqual({ hasDefault: false });
    expect(vars.get('B')).toEqual({ hasDefault: true });
  });
});

describe('grafanaProvisioningEnvVars', () => {
  it('finds $NAME and {NAME} forms, not $$-escaped or lowercase template variables', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana provisioning references, not templates
    const text = 'url: $PROMETHEUS_URL\nto: ${TEAM_EMAIL}\nq: {x="$${__span.traceId}"} $$__tags $__rate_interval';
    expect([...grafanaProvisioningEnvVars(text)]).toEqual(['PROMETHEUS_URL', 'TEAM_EMAIL']);
  });
});

describe('docker-compose.yml', () => {
  const compose = parse(read(join(REPO, 'docker-compose.yml'))) as ComposeFile;

  function composeValidator() {
    expect(existsSync(SCHEMA_PATH), `Compose schema missing at ${SCHEMA_PATH}`).toBe(true);
    const schema = JSON.parse(read(SCHEMA_PATH));
    // The schema names its meta-schema without the trailing '#' that Ajv registers draft-07 under.
    delete schema.$schema;
    return new Ajv({ strict: false, allErrors: true }).compile(schema);
  }

  it('is valid against the Compose Specification schema', () => {
    const validate = composeValidator();
    const valid = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('(the schema check rejects a misspelt service key, so it is not vacuous)', () => {
    expect(composeValidator()({ services: { app: { image: 'node:20.19.5', enviroment: {} } } })).toBe(false);
  });

  it('pins every image to a full version', () => {
    expect(unpinnedImages(compose)).toEqual([]);
  });

  it('builds our own Collector distribution from its Builder manifest, on pinned base images', () => {
    const builder = parse(read(join(REPO, 'collector-config', 'builder-config.yaml')));
    const collector = compose.services['otel-collector'];
    const build = collector?.build;
    const context = typeof build === 'string' ? build : (build?.context ?? '');
    expect(resolve(REPO, context)).toBe(join(REPO, 'collector-config'));
    expect(splitImage(collector?.image ?? '').tag).toBe(builder.dist.version);
    const dockerfile = read(join(REPO, 'collector-config', 'Dockerfile'));
    expect(dockerfile).toMatch(/^RUN bash build-collector\.sh$/m);
    const bases = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1] ?? '');
    expect(bases.length).toBe(2);
    expect(bases.filter((image) => !isPinnedImage(image))).toEqual([]);
    // Every component the manifest names from this folder is copied into the build.
    for (const component of [...builder.processors, ...builder.exporters, ...builder.receivers]) {
      if (component.path) expect(dockerfile).toContain(`COPY ${component.path.replace(/^\.\//, '')} `);
    }
  });

  it('runs Grafana 13.1.x with the unsigned Bilan app allowed', () => {
    const grafana = compose.services.grafana;
    expect(splitImage(grafana?.image ?? '').tag).toMatch(/^13\.1\.\d+$/);
    expect(grafana?.environment).toMatchObject({ GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS: PLUGIN_ID });
  });

  it('builds the app in a one-shot service into a volume, and starts Grafana only once that succeeded', () => {
    const pluginDir = `/var/lib/grafana/plugins/${PLUGIN_ID}`;
    const loaded = volumeMounts(compose).find((m) => m.service === 'grafana' && m.target === pluginDir);
    expect(loaded, 'Grafana loads the app from a named volume').toBeDefined();
    const written = volumeMounts(compose).find((m) => m.service === 'plugin-build' && m.source === loaded?.source);
    expect(written, 'plugin-build writes that volume').toBeDefined();
    const build = compose.services['plugin-build'];
    expect([build?.command].flat().join(' ')).toContain(`grafana-plugin/scripts/build.ts ${written?.target}`);
    expect(build?.restart).toBe('no');
    expect(dependencies(compose.services.grafana ?? {})).toMatchObject({
      'plugin-build': 'service_completed_successfully',
    });
  });

  it('writes nothing into the repo folder: the build reads the sources read-only', () => {
    const binds = bindMounts(compose).filter((m) => m.service === 'plugin-build');
    expect(binds.length).toBeGreaterThan(0);
    for (const m of binds) expect(m.readOnly, `${m.source} mounted read-only`).toBe(true);
    for (const m of bindMounts(compose)) expect(m.source, `${m.service} mounts a build output`).not.toMatch(/\/dist$/);
  });

  it('mounts only files that exist in the repo', () => {
    const mounts = bindMounts(compose);
    expect(mounts.length).toBeGreaterThanOrEqual(8);
    for (const { service, source } of mounts) {
      expect(existsSync(join(REPO, source)), `${service} mounts ${source}, which is not in the repo`).toBe(true);
    }
  });

  it('provisions no app settings: the app enables itself and keeps what its Configuration page saves', () => {
    // Grafana's app provisioning writes the file's jsonData over the saved settings at every start
    // (pkg/services/provisioning/plugins), and fails start-up when the app is not installed.
    const pluginJson = JSON.parse(read(join(REPO, 'grafana-plugin', 'src', 'plugin.json')));
    expect(pluginJson.autoEnabled).toBe(true);
    const dir = join(REPO, 'provisioning', 'plugins');
    const files = existsSync(dir) ? readdirSync(dir) : [];
    for (const f of files) expect(read(join(dir, f)), f).not.toContain(PLUGIN_ID);
  });

  it('puts dashboards and alert rules in one "Bilan" folder, found by title by both', () => {
    // Alerting provisioning finds or creates its folder by title, with a random uid
    // (pkg/services/provisioning/alerting/rules_provisioner.go); a dashboards provider with a
    // folderUid would create a second folder of the same title.
    const provider = parse(read(join(REPO, 'provisioning', 'dashboards', 'bilan.yaml'))).providers[0];
    expect(provider.folderUid).toBeUndefined();
    const groups = parse(read(join(REPO, 'provisioning', 'alerting', 'rules.yaml'))).groups as { folder: string }[];
    expect(groups.length).toBeGreaterThan(0);
    for (const g of groups) expect(g.folder).toBe(provider.folder);
  });

  it('sets only Collector environment variables the pipeline config or Go reads, and every one the config needs', () => {
    expect(existsSync(COLLECTOR_CONFIG), `${COLLECTOR_CONFIG} is missing`).toBe(true);
    const read_ = envVarsReadByCollectorConfig(read(COLLECTOR_CONFIG));
    const goRuntime = Object.keys(collectorGoRuntimeEnv({ limitMib: 2, spikeMib: 1 }));
    const set = environmentNames(compose.services['otel-collector'] ?? {}).filter((n) => !goRuntime.includes(n));
    expect(set.length).toBeGreaterThan(0);
    for (const name of set) expect([...read_.keys()], `compose sets ${name}`).toContain(name);
    const required = [...read_].filter(([, v]) => !v.hasDefault).map(([name]) => name);
    for (const name of required) expect(set, `the config needs ${name}`).toContain(name);
  });

  it('gives Grafana every environment variable the provisioning files read', () => {
    const dir = join(REPO, 'provisioning');
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.ya?ml$/.test(f));
    expect(files.length).toBeGreaterThan(0);
    const set = environmentNames(compose.services.grafana ?? {});
    for (const file of files) {
      for (const name of grafanaProvisioningEnvVars(read(join(dir, file)))) {
        expect(set, `provisioning/${file} reads $${name}`).toContain(name);
      }
    }
  });

  it('mounts every contract dashboard where the dashboards provider looks', () => {
    const provider = parse(read(join(REPO, 'provisioning', 'dashboards', 'bilan.yaml')));
    const path: string = provider.providers[0].options.path;
    const mounted = bindMounts(compose).filter((m) => m.service === 'grafana' && m.target.startsWith(`${path}/`));
    const uids = mounted.map((m) => JSON.parse(read(join(REPO, m.source))).uid);
    expect(uids.sort()).toEqual(Object.values(DASHBOARD_UID).sort());
  });

  it('runs TypeScript entry points that exist in the repo', () => {
    const commands = Object.values(compose.services).flatMap((service) => {
      const command = (service as { command?: string | string[] }).command;
      return Array.isArray(command) ? command : command ? [command] : [];
    });
    const entries = commands.flatMap((c) => [...c.matchAll(/tsx ([\w./-]+\.ts)/g)].map((m) => m[1] as string));
    expect(entries).toContain('stack/compose/demo-app.ts');
    for (const entry of entries) expect(existsSync(join(REPO, entry)), entry).toBe(true);
  });

  it('has Prometheus scrape the Collector under the job the dashboards and alerts query', () => {
    const prometheus = parse(read(join(REPO, 'stack', 'compose', 'prometheus.yml')));
    const jobs = prometheus.scrape_configs.map((c: { job_name: string }) => c.job_name);
    expect(jobs).toContain(COLLECTOR_SCRAPE_JOB);
    const target = prometheus.scrape_configs.find((c: { job_name: string }) => c.job_name === COLLECTOR_SCRAPE_JOB)
      .static_configs[0].targets[0];
    const env = compose.services['otel-collector']?.environment as Record<string, string>;
    expect(target).toBe(`otel-collector:${env.BILAN_TELEMETRY_PORT}`);
  });

  it('mounts the rule files the compose Prometheus config loads', () => {
    const prometheus = parse(read(join(REPO, 'stack', 'compose', 'prometheus.yml')));
    const targets = bindMounts(compose)
      .filter((m) => m.service === 'prometheus')
      .map((m) => m.target);
    expect(prometheus.rule_files.length).toBeGreaterThan(0);
    for (const file of prometheus.rule_files) expect(targets).toContain(file);
  });

  it('loads the same rule files as the local stack, and scrapes Prometheus itself', () => {
    const prometheus = parse(read(join(REPO, 'stack', 'compose', 'prometheus.yml')));
    const sources = bindMounts(compose)
      .filter((m) => m.service === 'prometheus' && prometheus.rule_files.includes(m.target))
      .map((m) => resolve(REPO, m.source));
    expect(sources.sort()).toEqual([...DEFAULT_RULE_FILES].sort());
    const jobs = prometheus.scrape_configs.map((c: { job_name: string }) => c.job_name);
    expect(jobs).toContain(PROMETHEUS_SCRAPE_JOB);
  });
});
