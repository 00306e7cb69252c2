import { describe, expect, it } from 'vitest';
import { extractDatasourceUids, extractLinks, extractQueries } from './extract';

const prom = { type: 'prometheus', uid: 'prometheus' };
const sample = {
  uid: 'd1',
  links: [{ title: 'Other', url: '/d/d2' }],
  templating: {
    list: [
      { type: 'query', name: 'feature', datasource: prom, query: 'label_values(x, feature)' },
      { type: 'textbox', name: 'conversation', query: '.*' },
    ],
  },
  panels: [
    {
      type: 'row',
      title: 'Row',
      panels: [{ title: 'Nested', datasource: prom, maxDataPoints: 200, targets: [{ expr: 'up', interval: '1h' }] }],
    },
    {
      title: 'Votes',
      datasource: { type: 'loki', uid: 'loki' },
      targets: [{ expr: '{a="b"}', datasource: { type: 'loki', uid: 'loki' } }],
      fieldConfig: {
        defaults: { links: [{ title: 'Default', url: '/d/d3' }] },
        overrides: [
          {
            matcher: { id: 'byName', options: 'Trace' },
            properties: [
              { id: 'unit', value: 's' },
              { id: 'links', value: [{ title: 'Trace', url: '', internal: { datasourceUid: 'tempo' } }] },
            ],
          },
        ],
      },
    },
    {
      title: 'Spans',
      datasource: { type: 'tempo', uid: 'tempo' },
      targets: [{ query: '{ status = error }', instant: true }],
    },
  ],
};

describe('extractQueries', () => {
  it('finds panel queries (nested rows too) and query variables with their language', () => {
    expect(extractQueries(sample).map((q) => [q.where, q.language, q.text, q.variable])).toEqual([
      ['Nested', 'promql', 'up', false],
      ['Votes', 'logql', '{a="b"}', false],
      ['Spans', 'traceql', '{ status = error }', false],
      ['variable feature', 'promql', 'label_values(x, feature)', true],
    ]);
  });
  it("keeps what sets a query's step: the panel's max data points and the query's min step", () => {
    expect(extractQueries(sample).map((q) => [q.maxDataPoints, q.minStep])).toEqual([
      [200, '1h'],
      [undefined, undefined],
      [undefined, undefined],
      [undefined, undefined],
    ]);
  });
  describe('bad input', () => {
    it('fails on a data source type it cannot check', () => {
      expect(() =>
        extractQueries({ uid: 'x', panels: [{ title: 'P', targets: [{ datasource: { type: 'mysql' } }] }] }),
      ).toThrow(/P: unsupported data source type "mysql"/);
    });
    it('returns nothing for an empty document', () => {
      expect(extractQueries({})).toEqual([]);
    });
  });
});

describe('extractDatasourceUids', () => {
  it('collects datasource refs and datasourceUid values at any depth', () => {
    expect(new Set(extractDatasourceUids(sample))).toEqual(new Set(['prometheus', 'loki', 'tempo']));
    expect(extractDatasourceUids({ jsonData: { serviceMap: { datasourceUid: 'p2' } } })).toEqual(['p2']);
  });
});

describe('extractLinks', () => {
  it('collects header links, field default links and override links', () => {
    expect(extractLinks(sample).map((l) => [l.where, l.url, l.internalDatasourceUid])).toEqual([
      ['dashboard links', '/d/d2', undefined],
      ['Votes', '/d/d3', undefined],
      ['Votes', '', 'tempo'],
    ]);
  });
});
