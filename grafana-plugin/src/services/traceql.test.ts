import { parser } from '@grafana/lezer-traceql';
import { describe, expect, it } from 'vitest';
import { grammarErrors } from '../../tests/grammar';
import {
  buildConversationTurnsQuery,
  buildTurnErrorsByTypeQuery,
  buildTurnSearchQuery,
  buildTurnsPerConversationQuery,
} from './traceql';

const traceqlErrors = (query: string) => grammarErrors(parser, query);

describe('buildTurnSearchQuery', () => {
  it('selects turn spans with the filters and the shown attributes', () => {
    expect(buildTurnSearchQuery({ serviceName: '$service', model: '$model' })).toBe(
      '{ span.gen_ai.operation.name != nil && resource.service.name =~ "$service" && span.gen_ai.request.model =~ "$model" }' +
        ' | select(span.bilan.feature, span.gen_ai.request.model, span.bilan.prompt.version, span.error.type,' +
        ' span.bilan.turn.id, span.gen_ai.conversation.id)',
    );
  });
});

describe('metrics queries', () => {
  it('count failures by error type and turns by conversation', () => {
    expect(buildTurnErrorsByTypeQuery({})).toBe(
      '{ span.gen_ai.operation.name != nil && span.error.type != nil } | rate() by (span.error.type)',
    );
    expect(buildTurnsPerConversationQuery({ feature: '$feature' })).toBe(
      '{ span.gen_ai.operation.name != nil && span.gen_ai.conversation.id != nil && span.bilan.feature =~ "$feature" }' +
        ' | count_over_time() by (span.gen_ai.conversation.id)',
    );
  });
});

describe('buildConversationTurnsQuery', () => {
  it('quotes the id', () => {
    expect(buildConversationTurnsQuery('c"1')).toMatch(
      /^\{ span\.gen_ai\.operation\.name != nil && span\.gen_ai\.conversation\.id = "c\\"1" \}/,
    );
  });
});

describe("Grafana's TraceQL grammar", () => {
  const all = [
    buildTurnSearchQuery({
      serviceName: '$service',
      environment: '$environment',
      feature: 'a|b',
      promptVersion: 'v"2',
    }),
    buildTurnErrorsByTypeQuery({ model: '$model' }),
    buildTurnsPerConversationQuery({}),
    buildConversationTurnsQuery('conv-1'),
  ];

  it('parses every query without error nodes', () => {
    for (const query of all) expect(traceqlErrors(query), query).toEqual([]);
  });

  it('reports a broken query', () => {
    expect(traceqlErrors('{ span.gen_ai.operation.name != }').length).toBeGreaterThan(0);
  });
});
