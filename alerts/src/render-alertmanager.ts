import { stringify } from 'yaml';
import type { AlertsConfig } from './config';
import { GROUP_BY, RECEIVER } from './render-oncall';
import { header } from './render-prometheus';
import type { Severity } from './rule';

/**
 * The local stack's Alertmanager config, routing like the Grafana policy. Alertmanager
 * 0.25 reads no environment, so the webhook base URL is a parameter: the committed
 * file uses the config's default, a test renders its own receiver's URL. With
 * `credentialsFile`, every webhook call carries `Authorization: Bearer <the file's content>`:
 * Alertmanager reads the file (prometheus/common `authorization.credentials_file`, 0.25 and
 * later), so the secret lives beside the config, never in it.
 */
export function renderAlertmanagerConfig(
  config: AlertsConfig,
  webhookUrl = config.notify.alertmanagerWebhookUrl,
  credentialsFile?: string,
): string {
  const { notify } = config;
  const route = (severity: Severity) => ({
    receiver: RECEIVER[severity],
    matchers: [`severity="${severity}"`],
    group_wait: notify[severity].groupWait,
    repeat_interval: notify[severity].repeatInterval,
  });
  const receiver = (severity: Severity) => ({
    name: RECEIVER[severity],
    webhook_configs: [
      {
        url: `${webhookUrl}/${severity}`,
        send_resolved: true,
        ...(credentialsFile && {
          http_config: { authorization: { type: 'Bearer', credentials_file: credentialsFile } },
        }),
      },
    ],
  });
  const document = {
    route: {
      receiver: RECEIVER.warning,
      group_by: GROUP_BY,
      group_wait: notify.warning.groupWait,
      group_interval: '5m',
      repeat_interval: notify.warning.repeatInterval,
      routes: [route('critical'), route('warning')],
    },
    // A feature whose trust is already paging needs no second, weaker alert about the drop.
    inhibit_rules: [
      {
        source_matchers: ['alertname="BilanTrustScoreLow"'],
        target_matchers: ['alertname="BilanTrustScoreDropped"'],
        equal: ['service_name', 'environment', 'feature'],
      },
    ],
    receivers: [receiver('critical'), receiver('warning')],
  };
  return header('alerts/src') + stringify(document, { lineWidth: 0 });
}
