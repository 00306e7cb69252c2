import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** A seeded random source, so a demo run (and its test) is repeatable. */
export type Random = () => number;

/** A seeded source from pure-rand (the generator fast-check uses). */
export function seededRandom(seed: number): Random {
  const generator = xoroshiro128plus(seed);
  return () => uniformFloat64(generator);
}

interface FakeReply {
  text: string;
  inputTokens: number;
  outputTokens: number;
}

/** An error shaped like an AI provider's HTTP error, so the SDK classifies it. */
class FakeProviderError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

interface FakeModelCall {
  /** How long the call takes, in ms: mostly 0.3–2.5 s with a long tail. */
  latencyMs: number;
  /** Set when the call fails. */
  error?: FakeProviderError;
  reply: FakeReply;
}

/** Plans one fake model call: latency, failure (about 5 %), and token usage. */
export function planModelCall(random: Random, prompt: string): FakeModelCall {
  const base = 300 + random() * 1200;
  const tail = random() < 0.1 ? random() * 6000 : 0;
  const roll = random();
  const error =
    roll < 0.025
      ? new FakeProviderError('Too Many Requests: rate limit reached', 429)
      : roll < 0.04
        ? new FakeProviderError('upstream timed out', 504)
        : roll < 0.05
          ? new FakeProviderError('model overloaded', 503)
          : undefined;
  const outputTokens = Math.round(40 + random() * 400);
  return {
    latencyMs: Math.round(base + tail),
    error,
    reply: {
      text: `A helpful answer to "${prompt.slice(0, 40)}"`,
      inputTokens: Math.ceil(prompt.length / 4) + 200,
      outputTokens,
    },
  };
}
