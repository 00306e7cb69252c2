import { describe, expect, it } from 'vitest';
import { buildAppUrl, fromSearchParams, landingUrl, toSearchParams, URL_LIMITS } from './url-state';

describe('toSearchParams / fromSearchParams', () => {
  it('round-trips time range and multi-value filters', () => {
    const state = { from: 'now-24h', to: 'now', filters: { feature: ['search', 'chat & more'], rating: ['negative'] } };
    const params = toSearchParams(state);
    expect(params.toString()).toBe(
      'from=now-24h&to=now&var-feature=search&var-feature=chat+%26+more&var-rating=negative',
    );
    expect(fromSearchParams(params.toString())).toEqual(state);
  });

  describe('bad input', () => {
    it('drops unknown parameters', () => {
      expect(fromSearchParams('?var-evil=1&orgId=1&var-model=m')).toEqual({ filters: { model: ['m'] } });
    });

    it('bounds value length and count', () => {
      const many = Array.from({ length: 80 }, (_, i) => `var-feature=f${i}`).join('&');
      const parsed = fromSearchParams(`${many}&var-q=${'x'.repeat(2000)}`);
      expect(parsed.filters.feature).toHaveLength(URL_LIMITS.valuesPerFilter);
      expect(parsed.filters.q?.[0]).toHaveLength(URL_LIMITS.valueLength);
    });
  });
});

describe('buildAppUrl', () => {
  it('links to a page with its state', () => {
    expect(buildAppUrl('feedback', { filters: { rating: ['negative'] } })).toBe(
      '/a/bilan-analytics-app/feedback?var-rating=negative',
    );
    expect(buildAppUrl('overview')).toBe('/a/bilan-analytics-app/overview');
  });
});

describe('landingUrl', () => {
  it('sends the bare app URL to the first page, query kept', () => {
    expect(landingUrl('/a/bilan-analytics-app', '?from=now-24h', 'overview')).toBe(
      '/a/bilan-analytics-app/overview?from=now-24h',
    );
    expect(landingUrl('/a/bilan-analytics-app/', '', 'overview')).toBe('/a/bilan-analytics-app/overview');
  });

  it('leaves every page URL alone', () => {
    expect(landingUrl('/a/bilan-analytics-app/feedback', '', 'overview')).toBeUndefined();
    expect(landingUrl('/a/bilan-analytics-app-other', '', 'overview')).toBeUndefined();
  });
});
