import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROMTOOL_BIN } from '@bilan/stack';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runBinary } from './binaries';
import { defaultConfig } from './config';
import { ALERTS_DIR } from './paths';
import { alertGroups } from './rules';

const TESTS_DIR = join(ALERTS_DIR, 'tests');
const testFiles = readdirSync(TESTS_DIR).filter((f) => f.endsWith('.test.yaml'));

interface PromtoolTests {
  tests: {
    promql_expr_test?: { expr: string; exp_samples: { labels: string }[] }[];
    alert_rule_test?: { alertname: string; exp_alerts: { exp_labels: Record<string, string> }[] }[];
  }[];
}

function loadTests(): PromtoolTests['tests'] {
  return testFiles.flatMap((f) => (parse(readFileSync(join(TESTS_DIR, f), 'utf8')) as PromtoolTests).tests);
}

describe('prometheus-rules.yml under promtool', () => {
  it('passes promtool check rules', () => {
    const { status, output } = runBinary(PROMTOOL_BIN, ['check', 'rules', 'prometheus-rules.yml'], ALERTS_DIR);
    expect(output).toContain('SUCCESS');
    expect(status, output).toBe(0);
  }, 60_000);

  it('passes every promtool unit test in alerts/tests', () => {
    expect(testFiles.length).toBeGreaterThan(0);
    const { status, output } = runBinary(PROMTOOL_BIN, ['test', 'rules', ...testFiles], TESTS_DIR);
    expect(status, output).toBe(0);
  }, 120_000);
});

describe('unit-test coverage of every alert', () => {
  const tests = loadTests();
  const alertTests = tests.flatMap((t) => t.alert_rule_test ?? []);
  const exprTests = tests.flatMap((t) => t.promql_expr_test ?? []);

  for (const rule of alertGroups(defaultConfig).flatMap((g) => g.rules)) {
    it(`${rule.alert}: a firing case asserting severity, a quiet case and a pending case`, () => {
      const cases = alertTests.filter((t) => t.alertname === rule.alert);
      const firing = cases.filter((t) => t.exp_alerts.length > 0);
      expect(firing.length, 'firing case').toBeGreaterThan(0);
      for (const c of firing) for (const a of c.exp_alerts) expect(a.exp_labels.severity).toBe(rule.severity);
      expect(
        cases.some((t) => t.exp_alerts.length === 0),
        'case asserting no alert',
      ).toBe(true);
      const pending = exprTests.filter(
        (t) =>
          t.expr.includes(`alertname="${rule.alert}"`) &&
          t.exp_samples.some((s) => s.labels.includes('alertstate="pending"')),
      );
      expect(pending.length, 'case asserting the alert is pending').toBeGreaterThan(0);
    });
  }
});
