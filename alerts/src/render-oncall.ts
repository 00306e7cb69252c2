import { stringify } from 'yaml';
import type { AlertsConfig } from './config';
import { header } from './render-prometheus';
import type { Severity } from './rule';

/** Labels notifications are grouped by: one notification per alert and affected service. */
export const GROUP_BY = ['alertname', 'service_name', 'environment'];
export const RECEIVER: Record<Severity, string> = { critical: 'bilan-oncall', warning: 'bilan-team' };

/** Grafana reads `${NAME}` from its environment when it provisions contact points, so no secret is committed. */
function fromEnv(name: string): string {
  return `\${${name}}`;
}

/**
 * Grafana contact points and the notification policy: critical alerts page the
 * on-call (webhook + e-mail) quickly and repeat hourly; warnings go to the team
 * by e-mail, batched.
 */
export function renderOncall(config: AlertsConfig): string {
  const { notify } = config;
  const contactPoints = [
    {
      orgId: 1,
      name: RECEIVER.critical,
      receivers: [
        {
          uid: 'bilan-oncall-webhook',
          type: 'webhook',
          settings: { url: fromEnv(notify.pagerWebhookUrlEnv), httpMethod: 'POST' },
          disableResolveMessage: false,
        },
        {
          uid: 'bilan-oncall-email',
          type: 'email',
          settings: { addresses: fromEnv(notify.oncallEmailEnv), singleEmail: true },
          disableResolveMessage: false,
        },
      ],
    },
    {
      orgId: 1,
      name: RECEIVER.warning,
      receivers: [
        {
          uid: 'bilan-team-email',
          type: 'email',
          settings: { addresses: fromEnv(notify.teamEmailEnv), singleEmail: true },
          disableResolveMessage: false,
        },
      ],
    },
  ];
  const route = (severity: Severity) => ({
    receiver: RECEIVER[severity],
    object_matchers: [['severity', '=', severity]],
    group_wait: notify[severity].groupWait,
    repeat_interval: notify[severity].repeatInterval,
  });
  const policies = [
    {
      orgId: 1,
      receiver: RECEIVER.warning,
      group_by: ['grafana_folder', ...GROUP_BY],
      group_wait: notify.warning.groupWait,
      group_interval: '5m',
      repeat_interval: notify.warning.repeatInterval,
      routes: [route('critical'), route('warning')],
    },
  ];
  return header('alerts/src') + stringify({ apiVersion: 1, contactPoints, policies }, { lineWidth: 0 });
}
