/**
 * The reference flag of DESIGN §8 and the 1,000 rotating people it is evaluated for, described once
 * in neutral terms; each system's adapter translates them into its own flag format and context shape.
 *
 * `new-checkout` (boolean, default off) is on when ANY of three rules matches (all serve `true`, so
 * rule order cannot change the answer and every system's first-match/OR semantics agree):
 * 1. `modern-enterprise`: plan = enterprise ∧ country ∈ {US, CA, GB, DE, FR} ∧ appVersion ≥ 2.3.0 (SemVer)
 * 2. `allow-list`: userId ∈ 100 ids ∧ environment ∈ {production, staging} ∧ accountAgeDays ≥ 7
 * 3. `beta-rollout`: in segment `beta-testers` (betaOptIn = true ∧ plan ∈ {pro, enterprise})
 *    ∧ country ∉ {KP, IR, SY} ∧ platform ∈ {web, ios}, then a 30% rollout bucketed on the user id.
 */
import type { FeatureFlagInput, SegmentInput } from '@flags/core';

/** Key of the reference flag in every system. */
export const FLAG_KEY = 'new-checkout';
/** Name of the reference segment in every system. */
export const SEGMENT_NAME = 'beta-testers';
/** Number of rotating contexts. */
export const CONTEXT_COUNT = 1000;
/** Rule 3's rollout share in percent. */
export const ROLLOUT_PERCENT = 30;

export const ENTERPRISE_COUNTRIES = ['US', 'CA', 'GB', 'DE', 'FR'];
export const MIN_APP_VERSION = '2.3.0';
export const ALLOWED_ENVIRONMENTS = ['production', 'staging'];
export const MIN_ACCOUNT_AGE_DAYS = 7;
export const EMBARGOED_COUNTRIES = ['KP', 'IR', 'SY'];
export const BETA_PLATFORMS = ['web', 'ios'];
export const BETA_PLANS = ['pro', 'enterprise'];

/** The 100 allow-listed ids: every 10th user, so about a tenth of the contexts hit the list. */
export const ALLOW_LIST: string[] = Array.from({ length: 100 }, (_, i) => userIdOf(i * 10));

/** One person the flag is evaluated for, before translation into a system's context shape. */
export interface Person {
  userId: string;
  plan: 'free' | 'pro' | 'enterprise';
  country: string;
  appVersion: string;
  environment: string;
  accountAgeDays: number;
  betaOptIn: boolean;
  platform: string;
}

function userIdOf(index: number): string {
  return `user-${index}`;
}

/** mulberry32: a tiny seeded PRNG so every run (and every system) sees the same people. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The same {@link CONTEXT_COUNT} people on every run; pre-releases test SemVer precedence. */
export function makePeople(count = CONTEXT_COUNT, seed = 42): Person[] {
  const random = seededRandom(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
  const countries = ['US', 'CA', 'GB', 'DE', 'FR', 'JP', 'BR', 'IN', 'KP', 'IR'];
  const versions = ['1.9.0', '2.2.9', '2.3.0-rc.1', '2.3.0', '2.10.1', '3.0.0-beta.1', '3.1.4'];
  return Array.from({ length: count }, (_, i) => ({
    userId: userIdOf(i),
    plan: pick(['free', 'free', 'pro', 'enterprise'] as const),
    country: pick(countries),
    appVersion: pick(versions),
    environment: pick(['production', 'production', 'staging', 'development']),
    accountAgeDays: Math.floor(random() * 30),
    betaOptIn: random() < 0.5,
    platform: pick(['web', 'ios', 'android']),
  }));
}

/** The reference segment in @flags form. */
export const referenceSegment: SegmentInput = {
  name: SEGMENT_NAME,
  conditions: [
    { attribute: 'betaOptIn', operator: 'eq', value: true },
    { attribute: 'plan', operator: 'in', value: BETA_PLANS },
  ],
};

/** The reference flag in @flags form (`key` overridable for the 1,000-flag set). */
export function referenceFlag(key = FLAG_KEY): FeatureFlagInput {
  return {
    key,
    flagType: 'boolean',
    defaultEnabled: false,
    rules: [
      {
        name: 'modern-enterprise',
        priority: 1,
        conditions: [
          { attribute: 'plan', operator: 'eq', value: 'enterprise' },
          { attribute: 'country', operator: 'in', value: ENTERPRISE_COUNTRIES },
          { attribute: 'appVersion', operator: 'semver_gte', value: MIN_APP_VERSION },
        ],
        serveEnabled: true,
      },
      {
        name: 'allow-list',
        priority: 2,
        conditions: [
          { attribute: 'userId', operator: 'in', value: ALLOW_LIST },
          { attribute: 'environment', operator: 'in', value: ALLOWED_ENVIRONMENTS },
          { attribute: 'accountAgeDays', operator: 'gte', value: MIN_ACCOUNT_AGE_DAYS },
        ],
        serveEnabled: true,
      },
      {
        name: 'beta-rollout',
        priority: 3,
        conditions: [
          { attribute: 'segment', operator: 'in_segment', value: SEGMENT_NAME },
          { attribute: 'country', operator: 'not_in', value: EMBARGOED_COUNTRIES },
          { attribute: 'platform', operator: 'in', value: BETA_PLATFORMS },
        ],
        serveEnabled: true,
        rolloutPercentage: ROLLOUT_PERCENT,
      },
    ],
  };
}
