/**
 * Checks of docker-compose.yml that need no Docker: which host files it mounts, whether every
 * image is pinned, and which environment variables a service sets.
 */

export interface ComposeService {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  command?: string | string[];
  volumes?: Array<string | { type?: string; source?: string; target?: string; read_only?: boolean }>;
  environment?: Record<string, string | number | boolean | null> | string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  restart?: string;
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

interface Mount {
  service: string;
  /** Host path as written, relative to the compose file, or the volume's name. */
  source: string;
  target: string;
  readOnly: boolean;
}

const isHostPath = (source: string) => source.startsWith('.') || source.startsWith('/');

/** Every mount of every service, short and long syntax. */
function mounts(compose: ComposeFile): (Mount & { bind: boolean })[] {
  const found: (Mount & { bind: boolean })[] = [];
  for (const [service, spec] of Object.entries(compose.services)) {
    for (const volume of spec.volumes ?? []) {
      if (typeof volume === 'string') {
        const [source = '', target = '', mode = ''] = volume.split(':');
        found.push({ service, source, target, readOnly: mode.split(',').includes('ro'), bind: isHostPath(source) });
      } else if (volume.source) {
        const bind = volume.type === 'bind';
        found.push({ service, source: volume.source, target: volume.target ?? '', readOnly: !!volume.read_only, bind });
      }
    }
  }
  return found;
}

/** Host paths bind-mounted into services; named volumes are left out. */
export function bindMounts(compose: ComposeFile): Mount[] {
  return mounts(compose)
    .filter((m) => m.bind)
    .map(({ bind, ...m }) => m);
}

/** Named volumes mounted into services. */
export function volumeMounts(compose: ComposeFile): Mount[] {
  return mounts(compose)
    .filter((m) => !m.bind)
    .map(({ bind, ...m }) => m);
}

/** The services `service` waits for, with the condition it waits on (`service_started` when not given). */
export function dependencies(service: ComposeService): Record<string, string> {
  const dependsOn = service.depends_on ?? [];
  if (Array.isArray(dependsOn)) return Object.fromEntries(dependsOn.map((name) => [name, 'service_started']));
  return Object.fromEntries(
    Object.entries(dependsOn).map(([name, spec]) => [name, spec.condition ?? 'service_started']),
  );
}

const VERSION_TAG = /^v?\d+\.\d+\.\d+([-.][\w.-]+)?$/;

/** `name:tag` split; the tag is undefined when absent. A registry port is not a tag. */
export function splitImage(image: string): { name: string; tag?: string; digest?: string } {
  const [ref = '', digest] = image.split('@');
  const lastColon = ref.lastIndexOf(':');
  if (lastColon <= ref.lastIndexOf('/')) return { name: ref, digest };
  return { name: ref.slice(0, lastColon), tag: ref.slice(lastColon + 1), digest };
}

/** Whether an image reference is pinned to a full version tag (x.y.z) or a digest. */
export function isPinnedImage(image: string): boolean {
  const { tag, digest } = splitImage(image);
  return Boolean(digest) || Boolean(tag && VERSION_TAG.test(tag));
}

/** Images that are not pinned to a full version tag (x.y.z) or a digest. */
export function unpinnedImages(compose: ComposeFile): string[] {
  return Object.entries(compose.services)
    .filter(([, spec]) => spec.image && !isPinnedImage(spec.image))
    .map(([service, spec]) => `${service}: ${spec.image}`);
}

/** Names of the environment variables a service sets (map or list syntax). */
export function environmentNames(service: ComposeService): string[] {
  const env = service.environment ?? {};
  if (Array.isArray(env)) return env.map((entry) => entry.split('=')[0] ?? '');
  return Object.keys(env);
}

const ENV_REFERENCE = /\$\{(?:env:)?([A-Za-z_][A-Za-z0-9_]*)(:-[^}]*)?\}/g;

/** Drops `#` comments so that an example in a comment is not taken for a reference. */
function stripYamlComments(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/(^|\s)#.*$/, ''))
    .join('\n');
}

/**
 * Environment variables an OpenTelemetry Collector config reads (`${env:NAME}` or `${NAME}`),
 * each with whether it has a `:-default` (otherwise a deployment must set it).
 */
export function envVarsReadByCollectorConfig(configText: string): Map<string, { hasDefault: boolean }> {
  const vars = new Map<string, { hasDefault: boolean }>();
  for (const m of stripYamlComments(configText).matchAll(ENV_REFERENCE)) {
    const name = m[1] as string;
    const hasDefault = m[2] !== undefined;
    vars.set(name, { hasDefault: hasDefault && (vars.get(name)?.hasDefault ?? true) });
  }
  return vars;
}

const GRAFANA_ENV_REFERENCE = /(?<!\$)\$(?!\$)\{?([A-Z][A-Z0-9_]*)\}?/g;

/** Environment variables a Grafana provisioning file reads (`$NAME` or `${NAME}`; `$$` escapes a literal `$`). */
export function grafanaProvisioningEnvVars(text: string): Set<string> {
  return new Set([...stripYamlComments(text).matchAll(GRAFANA_ENV_REFERENCE)].map((m) => m[1] as string));
}
