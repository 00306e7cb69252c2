import { describe, expect, it } from 'vitest';
import { runBinary } from './binaries';
import { ALERTS_DIR } from './paths';

// amtool prints the receiver first, then may warn about flags.
const firstLine = (text: string) => (text.split('\n')[0] ?? '').trim();

describe('alertmanager-config.yml', () => {
  it('passes amtool check-config', () => {
    const { status, output } = runBinary('amtool', ['check-config', 'alertmanager-config.yml'], ALERTS_DIR);
    expect(output).toContain('SUCCESS');
    expect(output).toContain('2 receivers');
    expect(status, output).toBe(0);
  }, 60_000);

  it('routes critical and warning to different receivers', () => {
    const route = (labels: string) =>
      runBinary('amtool', ['config', 'routes', 'test', '--config.file=alertmanager-config.yml', labels], ALERTS_DIR);
    expect(firstLine(route('severity=critical').output)).toBe('bilan-oncall');
    expect(firstLine(route('severity=warning').output)).toBe('bilan-team');
  }, 60_000);
});
