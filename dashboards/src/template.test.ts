import { describe, expect, it } from 'vitest';
import { macro } from './links';
import { durationSeconds, substituteTemplate } from './template';

const values = { variables: { feature: '.+', service: 'chat' }, range: '1h', interval: '30s' };

describe('substituteTemplate', () => {
  it('replaces dashboard variables and Grafana built-ins', () => {
    expect(substituteTemplate('sum(increase(x{feature=~"$feature"}[$__range])) / $__range_s', values)).toBe(
      'sum(increase(x{feature=~".+"}[1h])) / 3600',
    );
    expect(substituteTemplate('rate(x[$__rate_interval]) [$__auto] [$__interval]', values)).toBe(
      'rate(x[30s]) [30s] [30s]',
    );
  });
  it('handles braced and formatted forms', () => {
    expect(substituteTemplate(`${macro('service')}-${macro('service:queryparam')}`, values)).toBe('chat-chat');
  });
  it('does not confuse a longer built-in with a shorter one', () => {
    expect(substituteTemplate('$__range_ms', values)).toBe('3600000');
  });
  it('leaves text without variables alone', () => {
    expect(substituteTemplate('up{job="a"}', values)).toBe('up{job="a"}');
  });
  describe('bad input', () => {
    it('fails on an unknown variable', () => {
      expect(() => substituteTemplate('x{model=~"$model"}', values)).toThrow(/unknown template variable \$model/);
    });
  });
});

describe('durationSeconds', () => {
  it('reads single and compound durations', () => {
    expect(durationSeconds('90s')).toBe(90);
    expect(durationSeconds('1h30m')).toBe(5400);
    expect(durationSeconds('30d')).toBe(2592000);
  });
  it('rejects garbage', () => {
    expect(() => durationSeconds('1 hour')).toThrow(/bad duration/);
    expect(() => durationSeconds('')).toThrow(/bad duration/);
  });
});
