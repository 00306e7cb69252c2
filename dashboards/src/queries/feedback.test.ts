import { describe, expect, it } from 'vitest';
import { dashboardConfig } from '../config';
import { failedTurns, traceqlAttribute, votesWithComments } from './feedback';

describe('traceqlAttribute', () => {
  it('scopes a dotted name', () => {
    expect(traceqlAttribute('span', 'bilan.feature')).toBe('span.bilan.feature');
  });
  it('quotes a name with other characters', () => {
    expect(traceqlAttribute('resource', 'my-attr')).toBe('resource."my-attr"');
  });
});

describe('votesWithComments', () => {
  it('selects user-feedback events that have a comment', () => {
    expect(votesWithComments(dashboardConfig).expr).toBe(
      '{service_name=~"$service"} | event_name="gen_ai.evaluation.result" | gen_ai_evaluation_name="user_feedback"' +
        ' | deployment_environment_name=~"$environment" | bilan_feature=~"$feature" | gen_ai_request_model=~"$model"' +
        ' | bilan_prompt_version=~"$prompt_version" | gen_ai_conversation_id=~"$conversation"' +
        ' | gen_ai_evaluation_explanation!=""',
    );
  });
});

describe('failedTurns', () => {
  it('searches error spans with the dashboard filters', () => {
    expect(failedTurns(dashboardConfig).query).toBe(
      '{ resource.service.name =~ "$service" && span.bilan.feature =~ "$feature" && span.gen_ai.request.model =~ "$model"' +
        ' && span.bilan.prompt.version =~ "$prompt_version" && status = error }',
    );
  });
});
