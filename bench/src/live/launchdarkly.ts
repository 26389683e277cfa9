/**
 * The peer: LaunchDarkly's Node server SDK in daemon mode (`useLdd`: it reads flags only from its Redis
 * store, which a Relay Proxy would fill) with `@launchdarkly/node-server-sdk-redis` at its default
 * `cacheTTL` (30 s: an answer may be that stale). The reference flag and segment are written into that
 * store in LaunchDarkly's own JSON format. Differences: `appVersion ≥ 2.3.0` is `NOT semVerLessThan`
 * (LaunchDarkly has no ≥ for SemVer), and the 30% rollout buckets with LaunchDarkly's hash, so it picks
 * another 30% of the eligible users.
 */
import { basicLogger, init, type LDContext } from '@launchdarkly/node-server-sdk';
import { RedisFeatureStore } from '@launchdarkly/node-server-sdk-redis';
import type { Redis } from 'ioredis';
import {
  ALLOW_LIST,
  ALLOWED_ENVIRONMENTS,
  BETA_PLANS,
  BETA_PLATFORMS,
  EMBARGOED_COUNTRIES,
  ENTERPRISE_COUNTRIES,
  FLAG_KEY,
  MIN_ACCOUNT_AGE_DAYS,
  MIN_APP_VERSION,
  type Person,
  ROLLOUT_PERCENT,
  SEGMENT_NAME,
} from '../evaluation/fixture.js';
import type { PeerSystem } from '../evaluation/system.js';

const clause = (attribute: string, op: string, values: unknown[], negate = false) => ({
  contextKind: 'user',
  attribute,
  op,
  values,
  negate,
});

const flag = {
  key: FLAG_KEY,
  version: 1,
  on: true,
  salt: 'bench',
  variations: [false, true],
  offVariation: 0,
  fallthrough: { variation: 0 },
  targets: [],
  contextTargets: [],
  prerequisites: [],
  rules: [
    {
      id: 'modern-enterprise',
      variation: 1,
      clauses: [
        clause('plan', 'in', ['enterprise']),
        clause('country', 'in', ENTERPRISE_COUNTRIES),
        clause('appVersion', 'semVerLessThan', [MIN_APP_VERSION], true),
      ],
    },
    {
      id: 'allow-list',
      variation: 1,
      clauses: [
        clause('userId', 'in', ALLOW_LIST),
        clause('environment', 'in', ALLOWED_ENVIRONMENTS),
        clause('accountAgeDays', 'greaterThanOrEqual', [MIN_ACCOUNT_AGE_DAYS]),
      ],
    },
    {
      id: 'beta-rollout',
      rollout: {
        variations: [
          { variation: 1, weight: ROLLOUT_PERCENT * 1000 },
          { variation: 0, weight: (100 - ROLLOUT_PERCENT) * 1000 },
        ],
      },
      clauses: [
        { attribute: '', op: 'segmentMatch', values: [SEGMENT_NAME], negate: false },
        clause('country', 'in', EMBARGOED_COUNTRIES, true),
        clause('platform', 'in', BETA_PLATFORMS),
      ],
    },
  ],
  trackEvents: false,
  trackEventsFallthrough: false,
  clientSide: false,
  deleted: false,
};

const segment = {
  key: SEGMENT_NAME,
  version: 1,
  salt: 'bench',
  included: [],
  excluded: [],
  includedContexts: [],
  excludedContexts: [],
  rules: [{ id: 'beta', clauses: [clause('betaOptIn', 'in', [true]), clause('plan', 'in', BETA_PLANS)] }],
  deleted: false,
};

/** A person as a LaunchDarkly user context. */
function toContext(person: Person): LDContext {
  return { kind: 'user', key: person.userId, ...person };
}

/**
 * Writes the flag and segment under `prefix` in LaunchDarkly's Redis layout (`<prefix>:features`,
 * `<prefix>:segments` hashes, `<prefix>:$inited`) and starts the SDK on it.
 */
export async function launchDarklySystem(
  people: readonly Person[],
  redis: Redis,
  redisOpts: { host: string; port: number; db: number },
  prefix: string,
): Promise<PeerSystem<LDContext> & { dispose(): Promise<void> }> {
  await redis.hset(`${prefix}:features`, FLAG_KEY, JSON.stringify(flag));
  await redis.hset(`${prefix}:segments`, SEGMENT_NAME, JSON.stringify(segment));
  await redis.set(`${prefix}:$inited`, '');
  const client = init('sdk-bench-key', {
    useLdd: true,
    featureStore: RedisFeatureStore({ redisOpts, prefix }),
    sendEvents: false,
    diagnosticOptOut: true,
    logger: basicLogger({ level: 'none' }),
  });
  await client.waitForInitialization({ timeout: 10 });
  return {
    name: 'LaunchDarkly Node SDK, Redis daemon mode (cached)',
    sameBuckets: false,
    note: 'async; in-process cache of the Redis store, cacheTTL 30 s (default)',
    contexts: people.map(toContext),
    evaluate: (ctx) => client.variation(FLAG_KEY, ctx, false) as Promise<boolean>,
    close: () => client.close(),
    async dispose() {
      client.close();
      await redis.del(`${prefix}:features`, `${prefix}:segments`, `${prefix}:$inited`);
    },
  };
}
