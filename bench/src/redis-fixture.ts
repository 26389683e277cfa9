/**
 * Data of the Redis suite: 1,000 realistic flags (three rules of several conditions, variants, tags,
 * metadata; about 1.5 kB of JSON each) and the context the client evaluation uses.
 */
import type { EvaluationContext, FeatureFlagInput, StorageBackend } from '@flags/core';

/** Flags stored for the bulk reads. */
export const FLAG_COUNT = 1000;
/** Keys read by `getFlags`. */
export const BATCH = 100;

export function flagKey(i: number): string {
  return `bench.flag.${i}`;
}

/** Flag `i`: a boolean flag whose rules test an id list, an app version and a country. */
export function benchFlag(i: number): FeatureFlagInput {
  return {
    key: flagKey(i),
    name: `Bench flag ${i}`,
    description: 'A flag of realistic size for the Redis benchmark',
    tags: ['bench', `team-${i % 7}`],
    metadata: { owner: `team-${i % 7}`, ticket: `FLAG-${1000 + i}`, rollout: { phase: i % 4 } },
    rules: [
      {
        name: 'internal',
        conditions: [
          { attribute: 'userId', operator: 'in', value: Array.from({ length: 20 }, (_, n) => `staff-${n}`) },
        ],
        serveEnabled: true,
      },
      {
        name: 'beta',
        conditions: [
          { attribute: 'appVersion', operator: 'semver_gte', value: '2.4.0' },
          { attribute: 'country', operator: 'in', value: ['DE', 'AT', 'CH', 'FR', 'NL'] },
        ],
        serveEnabled: true,
        rolloutPercentage: 30,
      },
      { name: 'everyone', conditions: [], serveEnabled: false },
    ],
    variants: [
      { key: 'control', value: { enabled: false }, weight: 50 },
      { key: 'treatment', value: { enabled: true }, weight: 50 },
    ],
  };
}

/** Writes the flags (and one override) through `backend`; returns the first flag's id. */
export async function seedFlags(backend: StorageBackend): Promise<string> {
  let firstId = '';
  for (let start = 0; start < FLAG_COUNT; start += 50) {
    const created = await Promise.all(
      Array.from({ length: Math.min(50, FLAG_COUNT - start) }, (_, n) => backend.createFlag(benchFlag(start + n))),
    );
    if (start === 0) firstId = created[0]!.id;
  }
  await backend.upsertOverride({ flagId: firstId, entityType: 'organization', entityId: 'org-9', enabled: true });
  return firstId;
}

/** The context of the client evaluation: four override probes, then the rules. */
export const CONTEXT: EvaluationContext = {
  targetingKey: 'user-123',
  userId: 'user-123',
  organizationId: 'org-1',
  tenantId: 'tenant-1',
  appVersion: '2.5.1',
  country: 'DE',
};

/** The override keys the client probes for {@link CONTEXT} (DESIGN §6 layout). */
export function overrideKeys(prefix: string, flagId: string): string[] {
  return [
    ['user', CONTEXT.userId],
    ['organization', CONTEXT.organizationId],
    ['tenant', CONTEXT.tenantId],
    ['targeting_key', CONTEXT.targetingKey],
  ].map(([type, id]) => `${prefix}override:${flagId}:${type}:${id}`);
}
