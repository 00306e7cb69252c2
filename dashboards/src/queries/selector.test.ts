import { SERIES } from '@bilan/contract';
import { describe, expect, it } from 'vitest';
import { dashboardConfig } from '../config';
import { renderMatchers, selectSeries, variableMatchers } from './selector';

const { variables } = dashboardConfig;

describe('renderMatchers', () => {
  it('renders matchers with quoted values', () => {
    expect(
      renderMatchers([
        { label: 'a', op: '=', value: 'x' },
        { label: 'b', op: '=~', value: '$b' },
      ]),
    ).toBe('{a="x", b=~"$b"}');
  });
  it('escapes quotes and backslashes in values', () => {
    expect(renderMatchers([{ label: 'a', op: '=', value: 'x"y\\' }])).toBe('{a="x\\"y\\\\"}');
  });
  it('renders nothing for no matchers', () => {
    expect(renderMatchers([])).toBe('');
  });
});

describe('variableMatchers', () => {
  it('uses only the variables whose label the series has', () => {
    expect(variableMatchers(SERIES.conversationsStarted, variables).map((m) => m.label)).toEqual([
      'environment',
      'service_name',
      'feature',
    ]);
    expect(variableMatchers(SERIES.votes, variables)).toHaveLength(5);
  });
});

describe('selectSeries', () => {
  it('filters votes by every variable plus the extra matcher', () => {
    expect(selectSeries(SERIES.votes, variables, [{ label: 'rating', op: '=', value: 'positive' }])).toBe(
      'bilan_votes_total{environment=~"$environment", service_name=~"$service", feature=~"$feature", model=~"$model", prompt_version=~"$prompt_version", rating="positive"}',
    );
  });
  it('adds the histogram suffix', () => {
    expect(selectSeries(SERIES.turnDuration, [], [], '_bucket')).toBe('bilan_turn_duration_seconds_bucket');
  });
  describe('bad input', () => {
    it('refuses a matcher on a label the series does not have', () => {
      expect(() => selectSeries(SERIES.turns, variables, [{ label: 'rating', op: '=', value: 'x' }])).toThrow(
        /no label rating/,
      );
    });
  });
});
