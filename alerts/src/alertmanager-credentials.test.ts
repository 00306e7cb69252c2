import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningAlertmanager, startAlertmanager, waitFor } from '@bilan/stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBinary } from './binaries';
import { type AlertsConfig, defaultConfig } from './config';
import { renderAlertmanagerConfig } from './render-alertmanager';
import { startWebhookReceiver } from './webhook-receiver';

// The webhook's secret in a file Alertmanager reads, with Debian's Alertmanager 0.25 (it reads no
// environment variables): the secret is never in the config.
const TOKEN = 'pager-token-7d41';
const quick: AlertsConfig = {
  ...defaultConfig,
  notify: { ...defaultConfig.notify, critical: { groupWait: '1s', repeatInterval: '1h' } },
};

describe('Alertmanager webhook credentials from a file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bilan-am-credentials-'));
  const tokenFile = join(dir, 'webhook-token');
  const configFile = join(dir, 'alertmanager-config.yml');
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let alertmanager: RunningAlertmanager | undefined;

  beforeAll(async () => {
    writeFileSync(tokenFile, `${TOKEN}\n`, { mode: 0o600 });
    receiver = await startWebhookReceiver();
    writeFileSync(configFile, renderAlertmanagerConfig(quick, `${receiver.url}/bilan`, tokenFile));
    alertmanager = await startAlertmanager({ configFile });
  });
  afterAll(async () => {
    await alertmanager?.stop();
    await receiver?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('names the file, not the secret, and passes amtool check-config', () => {
    const text = readFileSync(configFile, 'utf8');
    expect(text).toContain(`credentials_file: ${tokenFile}`);
    expect(text).not.toContain(TOKEN);
    const { status, output } = runBinary('amtool', ['check-config', configFile], dir);
    expect(output).toContain('SUCCESS');
    expect(status, output).toBe(0);
  });

  it('sends the file’s token as a bearer token with each notification', async () => {
    const alert = [{ labels: { alertname: 'BilanCredentialsCheck', severity: 'critical' } }];
    const posted = await fetch(`${alertmanager?.url}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(alert),
    });
    expect(posted.status).toBe(200);
    const delivery = await waitFor(() => receiver.deliveries.find((d) => d.path === '/bilan/critical'), {
      timeoutMs: 30_000,
      what: 'the notification at the webhook',
    });
    expect(delivery.authorization).toBe(`Bearer ${TOKEN}`);
    expect(delivery.body.alerts.map((a) => a.labels.alertname)).toEqual(['BilanCredentialsCheck']);
  });
});
