import { parser } from '@grafana/lezer-logql';
import { describe, expect, it } from 'vitest';
import { grammarErrors } from '../../tests/grammar';
import { interpolate } from '../../tests/interpolate';
import {
  buildConversationEventsQuery,
  buildConversationTimelineQuery,
  buildFeedbackQuery,
  buildLatestNegativeFeedbackQuery,
  buildUserJourneyStepsQuery,
  buildVotesPerConversationQuery,
  LOKI_LABEL,
  renderStreamSelector,
} from './logql';

const logqlErrors = (query: string) => grammarErrors(parser, query);

const VOTES = '{service_name=~".+"} | event_name="gen_ai.evaluation.result" | gen_ai_evaluation_name="user_feedback"';

describe('LOKI_LABEL', () => {
  it('names each attribute as Loki stores it', () => {
    expect(LOKI_LABEL.comment).toBe('gen_ai_evaluation_explanation');
    expect(LOKI_LABEL.environment).toBe('deployment_environment_name');
  });
});

describe('renderStreamSelector', () => {
  it('never renders an empty matcher', () => {
    expect(renderStreamSelector()).toBe('{service_name=~".+"}');
    expect(renderStreamSelector('')).toBe('{service_name=~".+"}');
    expect(renderStreamSelector('$service')).toBe('{service_name=~"$service"}');
  });
});

describe('buildFeedbackQuery', () => {
  it('selects votes with no filters', () => {
    expect(buildFeedbackQuery({})).toBe(VOTES);
  });

  it('renders every filter', () => {
    const query = buildFeedbackQuery({
      serviceName: '$service',
      environment: '$environment',
      feature: '$feature',
      model: '$model',
      promptVersion: '$prompt_version',
      rating: 'negative',
      hasComment: true,
      text: 'wrong answer',
    });
    expect(query).toBe(
      '{service_name=~"$service"} | event_name="gen_ai.evaluation.result" | gen_ai_evaluation_name="user_feedback"' +
        ' | deployment_environment_name=~"$environment" | bilan_feature=~"$feature" | gen_ai_request_model=~"$model"' +
        ' | bilan_prompt_version=~"$prompt_version" | gen_ai_evaluation_score_label=~"negative"' +
        ' | gen_ai_evaluation_explanation!="" | gen_ai_evaluation_explanation=~"(?i).*wrong answer.*"',
    );
    expect(logqlErrors(query)).toEqual([]);
  });

  describe('free text', () => {
    it('escapes regex characters and quotes so the text matches literally', () => {
      const query = buildFeedbackQuery({ text: ' a "quoted" (x+y)? \\ ' });
      expect(query).toBe(
        `${VOTES} | gen_ai_evaluation_explanation=~"(?i).*a \\"quoted\\" \\\\(x\\\\+y\\\\)\\\\? \\\\\\\\.*"`,
      );
      expect(logqlErrors(query)).toEqual([]);
    });

    it('ignores blank text', () => {
      expect(buildFeedbackQuery({ text: '   ' })).toBe(VOTES);
    });
  });
});

describe('other queries', () => {
  const queries = {
    negative: buildLatestNegativeFeedbackQuery({ feature: '$feature' }),
    conversations: buildConversationEventsQuery({ serviceName: '$service', feature: '$feature' }),
    votesPerConversation: buildVotesPerConversationQuery({ serviceName: '$service' }),
    timeline: buildConversationTimelineQuery('conv-"1"'),
    journey: buildUserJourneyStepsQuery('user-1'),
    journeyOfConversationUser: buildUserJourneyStepsQuery('$conversation_user'),
    journeyQuotedUser: buildUserJourneyStepsQuery('o\'brien "ob"', '$service'),
  };

  it('render as expected', () => {
    expect(queries.conversations).toBe(
      '{service_name=~"$service"} | event_name="bilan.conversation.start" or event_name="bilan.conversation.end"' +
        ' | bilan_feature=~"$feature"',
    );
    expect(queries.votesPerConversation).toBe(
      `sum by (gen_ai_conversation_id) (count_over_time(${VOTES.replace('".+"', '"$service"')} [$__range]))`,
    );
    expect(queries.timeline).toBe('{service_name=~".+"} | gen_ai_conversation_id="conv-\\"1\\""');
    expect(queries.journey).toBe('{service_name=~".+"} | event_name="bilan.journey.step" | user_id="user-1"');
    expect(queries.journeyOfConversationUser).toBe(
      '{service_name=~".+"} | event_name="bilan.journey.step" | user_id="$conversation_user"',
    );
    expect(queries.journeyQuotedUser).toBe(
      '{service_name=~"$service"} | event_name="bilan.journey.step" | user_id="o\'brien \\"ob\\""',
    );
  });

  it("parse with Grafana's LogQL grammar without error nodes", () => {
    for (const query of Object.values(queries)) expect(logqlErrors(interpolate(query)), query).toEqual([]);
  });

  it('the grammar check itself catches a broken query', () => {
    expect(logqlErrors('{service_name=~".+"} | gen_ai_evaluation_name=').length).toBeGreaterThan(0);
  });
});
