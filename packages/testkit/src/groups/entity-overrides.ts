import type { OverrideEntity } from '@flags/core';
import { expect } from 'vitest';
import { byId, idsOf } from '../assertions.js';
import { defineGroup } from '../check.js';
import { inMs, overrideInput, seedFlag } from '../fixtures.js';

/** getOverridesForEntities: every unexpired override of a set of entities, across all flags. */
export const entityOverridesGroup = defineGroup({
  name: 'entity-overrides',
  title: 'overrides of a set of entities across flags',
  checks: [
    {
      id: 'entity-overrides.across-flags',
      title: 'getOverridesForEntities returns the unexpired overrides of exactly those entities, on every flag',
      async run(ctx) {
        const b = ctx.backend;
        const [one, two] = [await seedFlag(ctx), await seedFlag(ctx)];
        const alice: OverrideEntity = { entityType: 'user', entityId: ctx.unique('alice') };
        const acme: OverrideEntity = { entityType: 'org', entityId: ctx.unique('acme') };
        const bob: OverrideEntity = { entityType: 'user', entityId: ctx.unique('bob') };
        const wanted = [
          await b.upsertOverride(overrideInput(one.id, alice)),
          await b.upsertOverride(overrideInput(two.id, alice)),
          await b.upsertOverride(overrideInput(two.id, acme)),
        ];
        await b.upsertOverride(overrideInput(one.id, bob));
        // Same id as alice under another type: must not match.
        await b.upsertOverride(overrideInput(one.id, { entityType: 'org', entityId: alice.entityId }));
        const expired = await b.upsertOverride(overrideInput(one.id, { ...acme, expiresAt: inMs(150) }));
        await ctx.sleep(300);
        const found = await b.getOverridesForEntities([alice, acme, { entityType: 'user', entityId: 'nobody' }]);
        expect(idsOf(found)).not.toContain(expired.id);
        expect(byId(found)).toStrictEqual(byId(wanted));
        expect(await b.getOverridesForEntities([])).toStrictEqual([]);
      },
    },
  ],
});
