/**
 * The reference flag hard-coded as plain JavaScript: the floor for any interpreter of stored rules,
 * and the `contextEvaluator` the OpenFeature in-memory provider runs (it has no rule language).
 */
import { murmur3 } from '@flags/core';
import {
  ALLOW_LIST,
  ALLOWED_ENVIRONMENTS,
  BETA_PLANS,
  BETA_PLATFORMS,
  EMBARGOED_COUNTRIES,
  ENTERPRISE_COUNTRIES,
  FLAG_KEY,
  MIN_ACCOUNT_AGE_DAYS,
  type Person,
  ROLLOUT_PERCENT,
} from './fixture.js';

/** A flat context (OpenFeature's shape: `targetingKey` plus attributes). */
export interface FlatContext {
  targetingKey?: string;
  [attribute: string]: unknown;
}

const allowList = new Set(ALLOW_LIST);
const enterpriseCountries = new Set(ENTERPRISE_COUNTRIES);
const embargoed = new Set(EMBARGOED_COUNTRIES);

/** `version >= 2.3.0` by SemVer precedence for `MAJOR.MINOR.PATCH[-pre]` (a pre-release sorts below its release). */
function atLeast230(version: unknown): boolean {
  if (typeof version !== 'string') return false;
  const dash = version.indexOf('-');
  const core = (dash === -1 ? version : version.slice(0, dash)).split('.');
  const major = Number(core[0]);
  const minor = Number(core[1]);
  const patch = Number(core[2]);
  if (major !== 2) return major > 2;
  if (minor !== 3) return minor > 3;
  return patch > 0 || dash === -1;
}

/**
 * The reference flag's answer without its rollout: `true`/`false` when the rules decide alone,
 * `'rollout'` when only rule 3's bucketing decides (systems with their own hash may differ there).
 */
export function decideWithoutRollout(ctx: FlatContext): boolean | 'rollout' {
  const plan = ctx.plan;
  if (plan === 'enterprise' && enterpriseCountries.has(ctx.country as string) && atLeast230(ctx.appVersion)) {
    return true;
  }
  const userId = ctx.targetingKey;
  if (
    userId !== undefined &&
    allowList.has(userId) &&
    ALLOWED_ENVIRONMENTS.includes(ctx.environment as string) &&
    typeof ctx.accountAgeDays === 'number' &&
    ctx.accountAgeDays >= MIN_ACCOUNT_AGE_DAYS
  ) {
    return true;
  }
  const eligible =
    ctx.betaOptIn === true &&
    BETA_PLANS.includes(plan as string) &&
    !embargoed.has(ctx.country as string) &&
    BETA_PLATFORMS.includes(ctx.platform as string) &&
    userId !== undefined;
  return eligible ? 'rollout' : false;
}

/** The reference flag (stored under `flagKey`), by hand: rule 3's rollout buckets exactly as DESIGN §4. */
export function evaluateByHand(ctx: FlatContext, flagKey = FLAG_KEY): boolean {
  const decided = decideWithoutRollout(ctx);
  if (decided !== 'rollout') return decided;
  return (murmur3(`${flagKey}:${ctx.targetingKey}`) % 100) + 1 <= ROLLOUT_PERCENT;
}

/** A person as a flat context. */
export function toFlatContext(person: Person): FlatContext {
  const { userId, ...attributes } = person;
  return { targetingKey: userId, ...attributes };
}
