import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from './config';
import { ALERTS_DIR } from './paths';
import { alertGroups } from './rules';

const runbook = readFileSync(join(ALERTS_DIR, 'RUNBOOK.md'), 'utf8');
const readme = readFileSync(join(ALERTS_DIR, 'README.md'), 'utf8');

describe('RUNBOOK.md', () => {
  for (const rule of alertGroups(defaultConfig).flatMap((g) => g.rules)) {
    it(`has a section for ${rule.alert} with meaning, first checks, dashboards and fixes`, () => {
      const start = runbook.indexOf(`\n## ${rule.alert}\n`);
      expect(start, `## ${rule.alert} heading`).toBeGreaterThan(-1);
      const next = runbook.indexOf('\n## ', start + 1);
      const section = runbook.slice(start, next === -1 ? undefined : next);
      for (const part of ['Meaning', 'First checks', 'Dashboard', 'Fixes']) expect(section).toContain(`**${part}`);
      expect(section).toContain(rule.dashboard);
    });
  }
});

describe('README.md', () => {
  it('maps every alert to its series', () => {
    for (const rule of alertGroups(defaultConfig).flatMap((g) => g.rules)) expect(readme).toContain(rule.alert);
  });
});
