/**
 * GrowthBook's multi-user server client (`GrowthBookClient`, `initSync` with a local payload, so no
 * fetch), `isOn(key, { attributes })` per call. The segment is a condition-type saved group referenced
 * by `$savedGroup`. Difference: GrowthBook's rollout (`coverage` 0.3 on `id`) buckets with FNV-1a, not
 * MurmurHash3, so it picks a different 30% of the eligible users; everything else matches exactly.
 */
import { GrowthBookClient } from '@growthbook/growthbook';
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
} from './fixture.js';
import type { PeerSystem } from './system.js';

type Attributes = Record<string, unknown>;
/** GrowthBook's per-call user context. */
export interface GrowthBookContext {
  attributes: Attributes;
}

const payload = {
  savedGroups: {
    [SEGMENT_NAME]: { type: 'condition', condition: { betaOptIn: true, plan: { $in: BETA_PLANS } } },
  },
  features: {
    [FLAG_KEY]: {
      defaultValue: false,
      rules: [
        {
          condition: {
            plan: 'enterprise',
            country: { $in: ENTERPRISE_COUNTRIES },
            appVersion: { $vgte: MIN_APP_VERSION },
          },
          force: true,
        },
        {
          condition: {
            id: { $in: ALLOW_LIST },
            environment: { $in: ALLOWED_ENVIRONMENTS },
            accountAgeDays: { $gte: MIN_ACCOUNT_AGE_DAYS },
          },
          force: true,
        },
        {
          condition: {
            $savedGroup: { id: SEGMENT_NAME },
            country: { $nin: EMBARGOED_COUNTRIES },
            platform: { $in: BETA_PLATFORMS },
          },
          force: true,
          coverage: ROLLOUT_PERCENT / 100,
          hashAttribute: 'id',
        },
      ],
    },
  },
};

function toGrowthBookContext(person: Person): GrowthBookContext {
  const { userId, ...rest } = person;
  return { attributes: { id: userId, ...rest } };
}

/** Initialises a GrowthBook client from a local payload and returns its `isOn` on the reference flag. */
export async function growthBookSystem(people: readonly Person[]): Promise<PeerSystem<GrowthBookContext>> {
  const client = new GrowthBookClient({}).initSync({ payload: payload as never });
  return {
    name: 'GrowthBook',
    sameBuckets: false,
    note: 'same rules; rollout hashes with FNV-1a (a different 30%)',
    contexts: people.map(toGrowthBookContext),
    evaluate: (ctx) => client.isOn(FLAG_KEY, ctx),
    close: () => client.destroy(),
  };
}
