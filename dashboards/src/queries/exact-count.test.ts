import { describe, expect, it } from 'vitest';
import { type DashboardConfig, dashboardConfig } from '../config';
import { ROLLUPS, rollupFamily } from '../recording-rules';
import { DAY_CLOCK, exactCount, exactCountPieces, PICKED_RANGE, PREVIOUS_RANGE, ROLLUP_CLOCK } from './exact-count';
import { splitDayDurations, splitDurations } from './range-split';

// Without filters the expressions are short enough to read whole.
const bare: DashboardConfig = { ...dashboardConfig, variables: [] as never };

describe('exactCount', () => {
  it('sums the raw head, the roll-ups between and the raw tail, each piece kept apart until the sum', () => {
    expect(exactCount(bare, ROLLUPS.journeysEnded, { end: 'E', range: 'R' }, ['journey'])).toBe(
      'sum by (journey) (\n' +
        '  label_replace(sum by (journey) (sum_over_time(bilan_journeys_ended_total[min_of(((($rollup_phase - (E - R)) % $rollup_window + $rollup_window) % $rollup_window), R) + 0.0005] offset (R - min_of(((($rollup_phase - (E - R)) % $rollup_window + $rollup_window) % $rollup_window), R) + 0.0005))), "bilan_piece", "head", "", "")\n' +
        'or\n' +
        '  label_replace(sum by (journey) (sum_over_time(bilan:journeys_ended:count1h[((R - min_of(((($rollup_phase - (E - R)) % $rollup_window + $rollup_window) % $rollup_window), R)) - min_of((((((E - $rollup_margin) - $rollup_phase) % $rollup_window + $rollup_window) % $rollup_window) + $rollup_margin), (R - min_of(((($rollup_phase - (E - R)) % $rollup_window + $rollup_window) % $rollup_window), R)))) + 0.0005] offset (min_of((((((E - $rollup_margin) - $rollup_phase) % $rollup_window + $rollup_window) % $rollup_window) + $rollup_margin), (R - min_of(((($rollup_phase - (E - R)) % $rollup_window + $rollup_window) % $rollup_window), R))) + 0.0005))), "bilan_piece", "middle", "", "")\n' +
        'or\n' +
        '  label_replace(sum by (journey) (sum_over_time(bilan_journeys_ended_total[min_of((((((E - $rollup_margin) - $rollup_phase) % $rollup_window + $rollup_window) % $rollup_window) + $rollup_margin), (R - min_of(((($rollup_phase - (E - R)) % $rollup_window + $rollup_window) % $rollup_window), R))) + 0.0005])), "bilan_piece", "tail", "", "")\n' +
        ')',
    );
  });

  it('moves every piece back by the shift, and splits around the shifted end', () => {
    const expr = exactCount(bare, ROLLUPS.journeysEnded, { end: 'E', range: 'R', shift: 'R' });
    const split = splitDurations('(E - R)', 'R', ROLLUP_CLOCK);
    expect(expr).toContain(`[${split.head} + 0.0005] offset (R + R - ${split.head} + 0.0005)`);
    expect(expr).toContain(`[${split.middle} + 0.0005] offset (R + ${split.tail} + 0.0005)`);
    expect(expr).toContain(`[${split.tail} + 0.0005] offset (R + 0.0005)`);
  });

  it('reads the range Grafana picked: its end in milliseconds and `$__range`, the period before it shifted by `$__range`', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's macro
    expect(PICKED_RANGE).toEqual({ end: '${__to}ms', range: '$__range' });
    expect(PREVIOUS_RANGE).toEqual({ ...PICKED_RANGE, shift: '$__range' });
    expect(ROLLUP_CLOCK).toEqual({ window: '$rollup_window', phase: '$rollup_phase', margin: '$rollup_margin' });
    expect(DAY_CLOCK).toEqual({
      window: '$rollup_day_window',
      phase: '$rollup_day_phase',
      margin: '$rollup_day_margin',
      lag: '$rollup_day_lag',
    });
  });

  it('reads the roll-ups and the raw edges at the same width, through the same switch', () => {
    const expr = exactCount(dashboardConfig, ROLLUPS.votes, PICKED_RANGE, ['feature']);
    const selectors = [...expr.matchAll(/(bilan[_:][a-z_:0-9]+)\{([^}]*)\}/g)].map((m) => `${m[1]}{${m[2]}}`);
    const [head, middle, days, after, tail] = [0, 4, 8, 12, 16].map((i) => selectors.slice(i, i + 4));
    expect(selectors).toHaveLength(20);
    expect(tail).toEqual(head);
    expect(after).toEqual(middle);
    expect(days).toEqual(middle?.map((s) => s.replace(':count1h{', ':count1h_sum1d{')));
    expect(middle).toEqual([
      'bilan:votes_without_model_prompt_version:count1h{environment=~"$environment", service_name=~"$service", feature=~"$feature", unfiltered=~"$model", unfiltered=~"$prompt_version"}',
      'bilan:votes_without_prompt_version:count1h{environment=~"$environment", service_name=~"$service", feature=~"$feature", model=~"$model", unfiltered=~"$prompt_version", unfiltered!~"$model"}',
      'bilan:votes_without_model:count1h{environment=~"$environment", service_name=~"$service", feature=~"$feature", prompt_version=~"$prompt_version", unfiltered=~"$model", unfiltered!~"$prompt_version"}',
      'bilan:votes:count1h{environment=~"$environment", service_name=~"$service", feature=~"$feature", model=~"$model", prompt_version=~"$prompt_version", unfiltered!~"$model", unfiltered!~"$prompt_version"}',
    ]);
    expect(head).toEqual(middle?.map((s) => s.replace(/^bilan:(\w+):count1h/, 'bilan_$1_total')));
  });

  it('reads the raw edges of a ratio denominator (no rating) from the narrow series that keep the rating', () => {
    const expr = exactCount(dashboardConfig, ROLLUPS.allVotes, PICKED_RANGE);
    expect(expr).toContain(
      'sum_over_time(bilan_votes_without_feature_model_prompt_version_total{environment=~"$environment", service_name=~"$service", unfiltered=~"$feature", unfiltered=~"$model", unfiltered=~"$prompt_version"}',
    );
    expect(expr).toContain('bilan:votes_without_rating_feature_model_prompt_version:count1h{');
  });

  it('reads whole days of a count per feature from the daily roll-ups, between hours on each side', () => {
    const expr = exactCount(bare, ROLLUPS.regenerations, { end: 'E', range: 'R', shift: 'S' }, ['feature']);
    const hours = splitDurations('(E - S)', 'R', ROLLUP_CLOCK);
    const days = splitDayDurations('(E - S)', 'R', hours, DAY_CLOCK);
    const pieces = [...expr.matchAll(/"bilan_piece", "(\w+)"/g)].map((m) => m[1]);
    expect(pieces).toEqual(['head', 'before', 'days', 'after', 'tail']);
    expect(expr).toContain(
      `sum_over_time(bilan:regenerations_without_model:count1h[${days.before} + 0.0005] offset (S + ${days.from} + 0.0005))`,
    );
    // A daily sample is stamped its lag after the hour its day ends on.
    expect(expr).toContain(
      `sum_over_time(bilan:regenerations_without_model:count1h_sum1d[${days.days} + 0.0005] offset (S + ${days.to} - $rollup_day_lag + 0.0005))`,
    );
    expect(expr).toContain(
      `sum_over_time(bilan:regenerations_without_model:count1h[${days.after} + 0.0005] offset (S + ${hours.tail} + 0.0005))`,
    );
  });

  it('is its pieces, each a query of its own, labelled apart and summed in one query', () => {
    const pieces = exactCountPieces(dashboardConfig, ROLLUPS.votes, PICKED_RANGE, ['feature', 'rating']);
    expect(pieces.map((p) => p.name)).toEqual(['head', 'before', 'days', 'after', 'tail']);
    expect(exactCount(dashboardConfig, ROLLUPS.votes, PICKED_RANGE, ['feature', 'rating'])).toBe(
      `sum by (feature, rating) (\n  ${pieces.map((p) => `label_replace(${p.expr}, "bilan_piece", "${p.name}", "", "")`).join('\nor\n  ')}\n)`,
    );
    for (const { expr } of pieces) expect(expr).not.toContain('bilan_piece');
  });

  it('reads hours only for a count of a few series (per model)', () => {
    const expr = exactCount(bare, ROLLUPS.regenerations, PICKED_RANGE, ['model']);
    expect([...expr.matchAll(/"bilan_piece", "(\w+)"/g)].map((m) => m[1])).toEqual(['head', 'middle', 'tail']);
  });

  it('refuses to count per feature a family not rolled up by day', () => {
    const hourly = rollupFamily(ROLLUPS.regenerations.full.source);
    expect(() => exactCount(bare, hourly, PICKED_RANGE, ['feature'])).toThrow(
      'bilan:regenerations:count1h is counted per [feature] but not rolled up by day',
    );
  });
});
