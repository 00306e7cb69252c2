import { ATTR, EVENT } from '@bilan/contract';
import { initBilan, type TurnRef } from '@bilan/sdk/node';
import type { WorkloadPlan } from './plan';

function failure(errorType: 'timeout' | 'rate_limit'): Error {
  return errorType === 'timeout'
    ? Object.assign(new Error('upstream timed out'), { status: 504 })
    : Object.assign(new Error('Too Many Requests'), { status: 429 });
}

/** Sends a plan through `@bilan/sdk/node`, the way an app using Bilan would. */
export async function emitWithBilanSdk(plan: WorkloadPlan, otlpHttpUrl: string): Promise<void> {
  const errors: unknown[] = [];
  const bilan = initBilan({
    endpoint: otlpHttpUrl,
    serviceName: plan.serviceName,
    environment: plan.environment,
    batch: { maxEvents: 256, intervalMs: 200, maxQueue: 16_384 },
    onError: (error) => errors.push(error),
  });
  const refs: (TurnRef | undefined)[] = [];
  for (const t of plan.turns) {
    try {
      const { turn } = await bilan.trackTurn(
        async () => {
          if (t.errorType) throw failure(t.errorType);
          return { text: 'an answer' };
        },
        {
          feature: t.feature,
          model: t.model,
          provider: 'openai',
          promptVersion: t.promptVersion,
          conversationId: t.conversationId,
          usage: () => ({ inputTokens: t.inputTokens, outputTokens: t.outputTokens }),
        },
      );
      refs.push(turn);
    } catch {
      refs.push(undefined); // a failed turn has no answer to rate
    }
  }
  const ref = (i: number) => {
    const turn = refs[i];
    if (!turn) throw new Error(`turn ${i} of the plan failed, it cannot be rated`);
    return turn;
  };
  for (const v of plan.votes) bilan.vote(ref(v.turn), v.value, v.comment ? { comment: v.comment } : undefined);
  for (const f of plan.conversationFeedback) bilan.conversationFeedback(f.conversationId, f.value);
  for (const c of plan.conversationsStarted)
    bilan.startConversation({ feature: c.feature, conversationId: c.conversationId });
  for (const c of plan.conversationsEnded) bilan.endConversation(c.conversationId, c.outcome, { feature: c.feature });
  for (const s of plan.journeySteps) bilan.journeyStep(s.journey, s.step, { index: s.index });
  for (const j of plan.journeysEnded) {
    if (j.outcome === 'completed') bilan.completeJourney(j.journey);
    else bilan.abandonJourney(j.journey);
  }
  for (const r of plan.regenerations) bilan.regenerate(ref(r.turn));
  for (const seconds of plan.pageLoadsSeconds) bilan.reportPageLoad(seconds);
  // The SDK reports its own losses; a workload cannot make it lose data on purpose, so the drop
  // reports go out through its logger in the SDK's own shape.
  const logger = bilan.loggerProvider.getLogger('@bilan/sdk');
  for (const d of plan.dropped) {
    logger.emit({
      eventName: EVENT.sdkDropped,
      attributes: { [ATTR.droppedCount]: d.count, [ATTR.droppedReason]: d.reason },
    });
  }
  await bilan.shutdown();
  if (errors.length) throw new Error(`the SDK reported ${errors.length} export errors, first: ${String(errors[0])}`);
}
