import { describe, expect, it } from 'vitest';
import { buildConversationUrl, buildTraceExploreUrl } from './links';
import { fromSearchParams } from './url-state';

describe('buildTraceExploreUrl', () => {
  it('opens Explore on the Tempo data source with the trace id as the query', () => {
    const url = buildTraceExploreUrl('tempo', '0af7651916cd43dd8448eb211c80319c', { from: '1000', to: '2000' });
    const [path, query] = url.split('?');
    expect(path).toBe('/explore');
    const params = new URLSearchParams(query);
    expect(params.get('schemaVersion')).toBe('1');
    expect(JSON.parse(params.get('panes') ?? '')).toEqual({
      trace: {
        datasource: 'tempo',
        queries: [
          {
            refId: 'A',
            datasource: { type: 'tempo', uid: 'tempo' },
            queryType: 'traceql',
            query: '0af7651916cd43dd8448eb211c80319c',
          },
        ],
        range: { from: '1000', to: '2000' },
      },
    });
  });
});

describe('buildConversationUrl', () => {
  it('opens the conversation page with the id in the URL state, escaped', () => {
    const url = buildConversationUrl('conv 1&x', { from: 'now-1d', to: 'now' });
    expect(url).toBe('/a/bilan-analytics-app/conversations?from=now-1d&to=now&var-conversation=conv+1%26x');
    expect(fromSearchParams(url.split('?')[1] ?? '').filters.conversation).toEqual(['conv 1&x']);
  });
});
