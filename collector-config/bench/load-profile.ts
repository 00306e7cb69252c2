/**
 * Load profiles for ingest.js that change the number of virtual users over time (k6's
 * `ramping-vus` executor: each user posts, waits for the answer, posts again, with no pause), as
 * opposed to the fixed request rates of the step-up.
 */

/** A part of a profile, named as a k6 tag value (no spaces): the bench measures each phase apart. */
export interface Phase {
  name: string;
  seconds: number;
  /** Virtual users when the phase starts and when it ends; k6 ramps linearly between them. */
  fromVus: number;
  toVus: number;
}

export interface LoadProfile {
  name: string;
  phases: Phase[];
  /** Pass marks: P95 and P99 of successful requests, and the share of failed requests. */
  thresholds: { p95Ms: number; p99Ms: number; errorRate: number };
  /** A pause after each answer; the seed's users have none, so they send as fast as answers come. */
  pauseSeconds?: number;
}

/**
 * The seed's own load test (its v0.4.0 performance plan): ramp to 100 users over 2 minutes, hold
 * 10 minutes, 200 users for 5 minutes, ramp down over 2 minutes; p95 < 25 ms, p99 < 50 ms,
 * errors < 1 %. The seed's script wrote the 200-user stage as a 5-minute ramp from 100 to 200 and
 * both latency thresholds under one object key, so only the second (p99) was ever checked; here
 * 200 users hold for the whole 5 minutes and both thresholds apply.
 */
export const SEED_PROFILE: LoadProfile = {
  name: 'seed',
  phases: [
    { name: 'ramp-up', seconds: 120, fromVus: 0, toVus: 100 },
    { name: 'hold-100', seconds: 600, fromVus: 100, toVus: 100 },
    { name: 'hold-200', seconds: 300, fromVus: 200, toVus: 200 },
    { name: 'ramp-down', seconds: 120, fromVus: 200, toVus: 0 },
  ],
  thresholds: { p95Ms: 25, p99Ms: 50, errorRate: 0.01 },
};

/** The same shape and users in a fraction of the time (`npm run bench` runs the seed's at 1/10). */
export function shortened(profile: LoadProfile, factor: number, name: string): LoadProfile {
  if (!(factor > 0 && factor <= 1)) throw new Error(`shortened: factor must be in (0, 1], got ${factor}`);
  return {
    ...profile,
    name,
    phases: profile.phases.map((p) => ({ ...p, seconds: Math.max(1, Math.round(p.seconds * factor)) })),
  };
}

/** The seed's profile at a tenth of its length: 114 s. */
export const SEED_SHORT_PROFILE = shortened(SEED_PROFILE, 0.1, 'seed-short');

const PROFILES: Record<string, LoadProfile> = { seed: SEED_PROFILE, 'seed-short': SEED_SHORT_PROFILE };

export function profileByName(name: string): LoadProfile {
  const profile = PROFILES[name];
  if (!profile) throw new Error(`unknown load profile "${name}": use one of ${Object.keys(PROFILES).join(', ')}`);
  return profile;
}

export const totalSeconds = (profile: LoadProfile) => profile.phases.reduce((sum, p) => sum + p.seconds, 0);

/** k6 `stages`: a zero-length stage jumps to a phase's starting users when they differ from the last target. */
export function k6Stages(profile: LoadProfile): { duration: string; target: number }[] {
  let current = 0;
  return profile.phases.flatMap((phase) => {
    const jump = phase.fromVus === current ? [] : [{ duration: '0s', target: phase.fromVus }];
    current = phase.toVus;
    return [...jump, { duration: `${phase.seconds}s`, target: phase.toVus }];
  });
}

/** k6 thresholds for the profile, on successful requests as the seed wrote them. */
export function k6Thresholds(profile: LoadProfile): Record<string, string[]> {
  const t = profile.thresholds;
  return {
    'http_req_duration{expected_response:true}': [`p(95)<${t.p95Ms}`, `p(99)<${t.p99Ms}`],
    http_req_failed: [`rate<${t.errorRate}`],
  };
}

/** What ingest.js reads from its PROFILE variable. */
export function k6ProfileEnv(profile: LoadProfile): string {
  return JSON.stringify({
    stages: k6Stages(profile),
    thresholds: k6Thresholds(profile),
    phases: phaseEnds(profile),
    pauseSeconds: profile.pauseSeconds ?? 0,
  });
}

/** Where each phase ends, in seconds from the start: ingest.js tags each request with its phase. */
export function phaseEnds(profile: LoadProfile): { name: string; endSeconds: number }[] {
  let end = 0;
  return profile.phases.map((p) => {
    end += p.seconds;
    return { name: p.name, endSeconds: end };
  });
}
