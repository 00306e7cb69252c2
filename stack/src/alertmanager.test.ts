import { describe, expect, it } from 'vitest';
import { startAlertmanager } from './alertmanager';

describe('startAlertmanager (real binary)', () => {
  it('starts with the repo configuration and takes an alert', async () => {
    const alertmanager = await startAlertmanager();
    try {
      const alert = [{ labels: { alertname: 'BilanStackTest', severity: 'info' } }];
      const posted = await fetch(`${alertmanager.url}/api/v2/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(alert),
      });
      expect(posted.status).toBe(200);
      const listed = (await (await fetch(`${alertmanager.url}/api/v2/alerts`)).json()) as {
        labels: { alertname: string };
      }[];
      expect(listed.map((a) => a.labels.alertname)).toContain('BilanStackTest');
    } finally {
      await alertmanager.stop();
    }
  });
});
