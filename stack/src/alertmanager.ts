import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, REPO_ROOT, requireBinary, startProcess, tempDataDir } from './process';

export const ALERTMANAGER_BIN = '/usr/bin/prometheus-alertmanager';
/** Alertmanager configuration of the alerts helper; the stack uses it when it exists. */
export const DEFAULT_ALERTMANAGER_CONFIG = join(REPO_ROOT, 'alerts', 'alertmanager-config.yml');
/** Fallback that routes everything to a receiver with no integrations. */
export const FALLBACK_ALERTMANAGER_CONFIG = join(REPO_ROOT, 'stack', 'alertmanager-config.yaml');

export interface StartAlertmanagerOptions {
  configFile?: string;
  env?: Record<string, string>;
  dataDir?: string;
  port?: number;
}

export interface RunningAlertmanager {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** Starts Debian's Alertmanager on 127.0.0.1 with clustering off. */
export async function startAlertmanager(options: StartAlertmanagerOptions = {}): Promise<RunningAlertmanager> {
  const bin = requireBinary(ALERTMANAGER_BIN, 'install it with `apt-get install prometheus-alertmanager`');
  const configFile =
    options.configFile ??
    (existsSync(DEFAULT_ALERTMANAGER_CONFIG) ? DEFAULT_ALERTMANAGER_CONFIG : FALLBACK_ALERTMANAGER_CONFIG);
  const dataDir = options.dataDir ?? tempDataDir('alertmanager');
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const proc = await startProcess({
    name: 'alertmanager',
    command: bin,
    args: [
      `--config.file=${configFile}`,
      `--storage.path=${dataDir}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
    ],
    env: options.env,
    healthUrl: `${url}/-/ready`,
  });
  return { url, pid: proc.pid, stop: proc.stop };
}
