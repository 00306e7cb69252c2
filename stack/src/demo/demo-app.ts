import type { NodeBilan } from '@bilan/sdk/node';
import { planModelCall, type Random } from './fake-model';

const FEATURES = ['chat', 'search', 'summarize'] as const;
const MODELS = ['gpt-4o-mini', 'claude-haiku'] as const;
const PROMPT_VERSIONS = ['v1', 'v2'] as const;
const COMMENTS = [
  'Exactly what I needed',
  'Wrong answer, the report is monthly',
  'Too long',
  // PII on purpose: the SDK's redactor and the Collector's redaction must mask it.
  'Please call me on +44 20 7946 0958 or mail jane.doe@example.com',
];

function pick<T>(random: Random, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)] as T;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });

/**
 * One simulated user session: opens the app, walks the onboarding journey, holds a
 * conversation of a few turns against the fake model, votes (sometimes with a comment),
 * regenerates now and then, and ends the conversation.
 */
async function simulateSession(bilan: NodeBilan, random: Random, user: number, signal: AbortSignal): Promise<void> {
  bilan.identify(`user-${user}`);
  bilan.reportPageLoad(0.4 + random() * 2.5);
  const feature = pick(random, FEATURES);
  const model = pick(random, MODELS);
  const promptVersion = random() < 0.6 ? PROMPT_VERSIONS[1] : PROMPT_VERSIONS[0];
  bilan.journeyStep('onboarding', 'open_app', { index: 0 });
  if (random() < 0.8) bilan.journeyStep('onboarding', 'first_question', { index: 1 });
  const conversationId = bilan.startConversation({ feature });
  const turns = 1 + Math.floor(random() * 4);
  let failures = 0;
  for (let t = 0; t < turns && !signal.aborted; t++) {
    const call = planModelCall(random, `question ${t} about ${feature}`);
    try {
      const { turn } = await bilan.trackTurn(
        async () => {
          await sleep(call.latencyMs, signal);
          if (call.error) throw call.error;
          return call.reply;
        },
        {
          feature,
          model,
          provider: model.startsWith('gpt') ? 'openai' : 'anthropic',
          promptVersion,
          conversationId,
          usage: (r) => r,
        },
      );
      // Better prompts earn more trust: v2 gets positive votes more often.
      if (random() < 0.6) {
        const positive = random() < (promptVersion === 'v2' ? 0.8 : 0.62);
        bilan.vote(turn, positive ? 1 : -1, random() < 0.2 ? { comment: pick(random, COMMENTS) } : undefined);
      }
      if (random() < 0.08) bilan.regenerate(turn);
    } catch {
      failures++;
    }
    await sleep(200 + random() * 800, signal);
  }
  const outcome =
    failures > 1 ? 'abandoned' : random() < 0.08 ? 'escalated' : random() < 0.15 ? 'abandoned' : 'completed';
  bilan.endConversation(conversationId, outcome, { feature });
  if (outcome === 'completed') {
    bilan.journeyStep('onboarding', 'answer_used', { index: 2 });
    bilan.completeJourney('onboarding');
  } else {
    bilan.abandonJourney('onboarding');
  }
}

/** Keeps `concurrency` users busy until the signal aborts. */
export async function runDemoTraffic(
  bilan: NodeBilan,
  random: Random,
  signal: AbortSignal,
  concurrency = 4,
): Promise<void> {
  let nextUser = 0;
  const worker = async () => {
    while (!signal.aborted) {
      await simulateSession(bilan, random, nextUser++ % 50, signal);
      await sleep(300 + random() * 1500, signal);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}
