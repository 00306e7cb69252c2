import { describe, expect, it } from 'vitest';
import {
  allRollups,
  DAY_PHASE_SERIES,
  dashboardRuleGroups,
  dayClockQueries,
  dayClockSeconds,
  dayRolledUps,
  daySeries,
  PHASE_QUERY,
  phaseRule,
  ROLLUP_PHASE_SERIES,
  ROLLUPS,
  readsDays,
  rollup,
  rollupClockSeconds,
  rollupFamily,
  rollupQueryOffset,
  scalarVariableQuery,
  subsets,
} from './recording-rules';

const votes = {
  name: 'bilan_votes_total',
  type: 'counter' as const,
  labels: ['environment', 'feature', 'model', 'rating'],
  help: '',
};

describe('rollup', () => {
  it('records the count of a counter in each window, keeping every label', () => {
    const source = { name: 'bilan_votes_total', type: 'counter' as const, labels: ['feature', 'rating'], help: '' };
    expect(rollup(source)).toEqual({
      series: { name: 'bilan:votes:count1h', type: 'counter', labels: ['feature', 'rating'], help: expect.any(String) },
      source,
      window: '1h',
      expr: 'sum by (feature, rating) (sum_over_time(bilan_votes_total[1h]))',
    });
  });
  it('rolls a histogram up from its buckets, keeping le', () => {
    const r = rollup({ name: 'bilan_turn_duration_seconds', type: 'histogram', labels: ['model'], help: '' }, '1d');
    expect(r.series.name).toBe('bilan:turn_duration_seconds_bucket:rate1d');
    expect(r.series.labels).toEqual(['model', 'le']);
    expect(r.expr).toBe('sum by (model, le) (rate(bilan_turn_duration_seconds_bucket[1d]))');
  });
  it('drops the labels it is told to, and says so in its name', () => {
    const r = rollup({ name: 'bilan_votes_total', type: 'counter', labels: ['feature', 'rating'], help: '' }, '1h', [
      'rating',
    ]);
    expect(r.series.name).toBe('bilan:votes_without_rating:count1h');
    expect(r.expr).toBe('sum by (feature) (sum_over_time(bilan_votes_total[1h]))');
  });
});

describe('subsets', () => {
  it('lists every subset, smallest first, in the given order', () => {
    expect(subsets(['a', 'b', 'c'])).toEqual([
      [],
      ['a'],
      ['b'],
      ['c'],
      ['a', 'b'],
      ['a', 'c'],
      ['b', 'c'],
      ['a', 'b', 'c'],
    ]);
    expect(subsets([])).toEqual([[]]);
  });
});

describe('rollupFamily', () => {
  it('records the full width and every narrower one, named by what it sums away', () => {
    const family = rollupFamily(votes, { without: ['rating'] });
    expect(family.summable).toEqual(['feature', 'model']);
    expect(family.full.expr).toBe('sum by (environment, feature, model) (sum_over_time(bilan_votes_total[1h]))');
    expect(family.narrow.map((n) => [n.series.name, n.keeps, n.expr])).toEqual([
      [
        'bilan:votes_without_rating_feature_model:count1h',
        [],
        'sum by (environment) (sum_over_time(bilan_votes_total[1h]))',
      ],
      [
        'bilan:votes_without_rating_model:count1h',
        ['feature'],
        'sum by (environment, feature) (sum_over_time(bilan_votes_total[1h]))',
      ],
      [
        'bilan:votes_without_rating_feature:count1h',
        ['model'],
        'sum by (environment, model) (sum_over_time(bilan_votes_total[1h]))',
      ],
    ]);
  });
  it('has only the full width when nothing is summable', () => {
    const family = rollupFamily({ ...votes, labels: ['environment', 'rating'] });
    expect(family.narrow).toEqual([]);
  });
});

describe('dashboardRuleGroups', () => {
  it('records every roll-up, evaluated once per hour', () => {
    const [group] = dashboardRuleGroups();
    expect(group?.interval).toBe('1h');
    expect(group?.rules.map((r) => r.record)).toEqual([...allRollups().map((r) => r.series.name), ROLLUP_PHASE_SERIES]);
    expect(new Set(group?.rules.map((r) => r.record)).size).toBe(group?.rules.length);
    expect(group?.rules[0]).toEqual({
      record: 'bilan:votes:count1h',
      expr: 'sum by (service_name, environment, feature, model, prompt_version, rating) (sum_over_time(bilan_votes_total[1h]))',
    });
    expect(ROLLUPS.votes.full.series.name).toBe('bilan:votes:count1h');
    expect(ROLLUPS.votesTrend.full.series.name).toBe('bilan:votes:count1d');
  });
  it('can be evaluated more often for tests: hourly counts then count each interval, under the same names', () => {
    const [fast] = dashboardRuleGroups('2s');
    const [hourly] = dashboardRuleGroups();
    expect(fast?.interval).toBe('2s');
    expect(fast?.rules.map((r) => r.record)).toEqual(hourly?.rules.map((r) => r.record));
    expect(fast?.rules[0]?.expr).toBe(
      'sum by (service_name, environment, feature, model, prompt_version, rating) (sum_over_time(bilan_votes_total[2s]))',
    );
    const trend = fast?.rules.find((r) => r.record === ROLLUPS.votesTrend.full.series.name);
    expect(trend?.expr).toContain('sum_over_time(bilan_votes_total[1d])');
  });
});

describe('rollupQueryOffset', () => {
  it('counts each window a minute late in production, half an interval late when tests run faster', () => {
    expect(rollupQueryOffset('1h')).toBe('60s');
    expect(dashboardRuleGroups()[0]?.query_offset).toBe('60s');
    expect(rollupQueryOffset('2s')).toBe('1s');
    expect(rollupQueryOffset('1s')).toBe('500ms');
  });
});

describe('phaseRule', () => {
  it("records each evaluation's own time within the window, in seconds", () => {
    expect(phaseRule('1h')).toEqual({ record: 'bilan:rollup_phase:seconds', expr: 'vector(time() % 3600)' });
    expect(dashboardRuleGroups('2s')[0]?.rules.at(-1)).toEqual(phaseRule('2s'));
  });
  it('is read as a scalar, 0 before the group first ran, into a query_result() variable', () => {
    expect(scalarVariableQuery(PHASE_QUERY)).toBe(
      'query_result(scalar(max(last_over_time(bilan:rollup_phase:seconds[1w])) or vector(0)))',
    );
  });
});

describe('rollupClockSeconds', () => {
  it('gives the window and twice the query offset as the margin kept raw', () => {
    expect(rollupClockSeconds()).toEqual({ window: 3600, margin: 120 });
    expect(rollupClockSeconds('2s')).toEqual({ window: 2, margin: 2 });
  });
});

describe('the daily roll-ups', () => {
  it('sum the hourly samples of each day, in their own group, once a day, a hourly margin late', () => {
    const [, day] = dashboardRuleGroups();
    expect(day?.name).toBe('bilan-dashboards-rollup-day');
    expect(day?.interval).toBe('1d');
    expect(day?.query_offset).toBe('120s');
    expect(day?.rules.map((r) => r.record)).toEqual([
      ...dayRolledUps().map((r) => daySeries(r.series).name),
      DAY_PHASE_SERIES,
    ]);
    expect(day?.rules[0]).toEqual({
      record: 'bilan:votes:count1h_sum1d',
      expr: 'sum_over_time(bilan:votes:count1h[1d])',
    });
    expect(day?.rules.at(-1)).toEqual({ record: 'bilan:rollup_day_phase:seconds', expr: 'vector(time() % 86400)' });
  });

  it('cover the widths whose counts read days: those keeping the feature, or model and prompt version', () => {
    const names = dayRolledUps().map((r) => r.series.name);
    expect(names).toHaveLength(5 + 5 + 2 + 2);
    expect(names).toContain('bilan:votes_without_model_prompt_version:count1h');
    expect(names).toContain('bilan:votes_without_feature:count1h');
    expect(names).toContain('bilan:votes_without_rating_model:count1h');
    expect(names).toContain('bilan:turns_without_model:count1h');
    expect(names).toContain('bilan:regenerations:count1h');
    expect(names).not.toContain('bilan:votes_without_feature_prompt_version:count1h');
    expect(names).not.toContain('bilan:turns_without_feature:count1h');
  });

  it('make a test "day" of 24 test windows when the hourly ones run faster', () => {
    const [, day] = dashboardRuleGroups('2s');
    expect(day?.interval).toBe('48s');
    expect(day?.query_offset).toBe('2s');
    expect(day?.rules[0]?.expr).toBe('sum_over_time(bilan:votes:count1h[48s])');
  });
});

describe('readsDays', () => {
  it('reads days for counts of many series: per feature, or per two summable labels', () => {
    expect(readsDays(['feature'])).toBe(true);
    expect(readsDays(['feature', 'rating'])).toBe(true);
    expect(readsDays(['model', 'prompt_version', 'rating'])).toBe(true);
    expect(readsDays(['model', 'rating'])).toBe(false);
    expect(readsDays(['prompt_version'])).toBe(false);
    expect(readsDays(['journey', 'step'])).toBe(false);
    expect(readsDays([])).toBe(false);
  });
});

describe('dayClockSeconds', () => {
  it('gives the day, the hourly margin as the query offset and twice that as the margin', () => {
    expect(dayClockSeconds()).toEqual({ window: 86400, queryOffset: 120, margin: 240 });
    expect(dayClockSeconds('2s')).toEqual({ window: 48, queryOffset: 2, margin: 4 });
  });
});

describe('dayClockQueries', () => {
  it("read the lag and the days' phase from both groups' phases, and no day written before both ran", () => {
    const newestDay = 'max(last_over_time(bilan:rollup_day_phase:seconds[1w]))';
    const newestHour = 'max(last_over_time(bilan:rollup_phase:seconds[1w]))';
    const lag = `((${newestDay} - ${newestHour}) % 3600 + 3600) % 3600`;
    expect(dayClockQueries()).toEqual({
      phase: `scalar((${newestDay} - ${lag}) or ${newestHour} or vector(0))`,
      lag: `scalar(${lag} or vector(1000000000))`,
    });
    expect(scalarVariableQuery(dayClockQueries().lag)).toBe(`query_result(scalar(${lag} or vector(1000000000)))`);
  });
});
