import type { FlagOverride, StorageBackend } from '@flags/core';
import { expect } from 'vitest';
import { defineGroup } from '../check.js';
import { inMs, overrideInput, seedFlag } from '../fixtures.js';

const ENTITY = { entityType: 'user', entityId: 'expiring' } as const;

/** The override of ENTITY on `flagId` as each of the four override reads reports it. */
async function visibleThroughEveryRead(backend: StorageBackend, flagId: string) {
  const found = (rows: FlagOverride[]) =>
    rows.some((o) => o.entityType === ENTITY.entityType && o.entityId === ENTITY.entityId);
  return {
    getOverride: (await backend.getOverride(flagId, ENTITY.entityType, ENTITY.entityId)) !== null,
    getOverrides: found(await backend.getOverrides(flagId, [ENTITY])),
    getOverridesForFlags: found(await backend.getOverridesForFlags([flagId], [ENTITY])),
    listOverrides: found(await backend.listOverrides(flagId)),
  };
}

const EVERYWHERE = { getOverride: true, getOverrides: true, getOverridesForFlags: true, listOverrides: true };
const NOWHERE = { getOverride: false, getOverrides: false, getOverridesForFlags: false, listOverrides: false };

/** Expired overrides (`expiresAt <= now`) are never returned by any read. */
export const overrideExpiryGroup = defineGroup({
  name: 'override-expiry',
  title: 'override expiry',
  checks: [
    {
      id: 'override-expiry.past-never-returned',
      title: 'an override whose expiresAt is already past is returned by no override read',
      async run(ctx) {
        const flag = await seedFlag(ctx);
        await ctx.backend.upsertOverride(overrideInput(flag.id, { ...ENTITY, expiresAt: inMs(-60_000) }));
        const live = await ctx.backend.upsertOverride(
          overrideInput(flag.id, { entityType: 'user', entityId: 'live', expiresAt: inMs(3_600_000) }),
        );
        expect(await visibleThroughEveryRead(ctx.backend, flag.id)).toStrictEqual(NOWHERE);
        expect(await ctx.backend.listOverrides(flag.id), 'the unexpired one is still listed').toStrictEqual([live]);
      },
    },
    {
      id: 'override-expiry.lapses-while-stored',
      title: 'an override stops being returned once its expiresAt passes',
      async run(ctx) {
        const flag = await seedFlag(ctx);
        const expiresAt = inMs(400);
        await ctx.backend.upsertOverride(overrideInput(flag.id, { ...ENTITY, expiresAt }));
        const beforeExpiry = await visibleThroughEveryRead(ctx.backend, flag.id);
        // Only meaningful when the reads finished before the expiry: a loaded machine must not fail the check.
        if (Date.now() < expiresAt.getTime()) {
          expect(beforeExpiry, 'visible before expiresAt').toStrictEqual(EVERYWHERE);
        }
        await ctx.sleep(Math.max(0, expiresAt.getTime() - Date.now()) + 60);
        expect(await visibleThroughEveryRead(ctx.backend, flag.id), 'after expiresAt').toStrictEqual(NOWHERE);
      },
    },
    {
      id: 'override-expiry.upsert-revives-expired',
      title: 'upserting over an expired override stores the new one, visible again',
      async run(ctx) {
        const flag = await seedFlag(ctx);
        await ctx.backend.upsertOverride(overrideInput(flag.id, { ...ENTITY, value: 'old', expiresAt: inMs(-1_000) }));
        const revived = await ctx.backend.upsertOverride(
          overrideInput(flag.id, { ...ENTITY, value: 'new', expiresAt: null }),
        );
        expect(revived).toMatchObject({ value: 'new', expiresAt: null });
        expect(await visibleThroughEveryRead(ctx.backend, flag.id)).toStrictEqual(EVERYWHERE);
        expect(await ctx.backend.getOverride(flag.id, ENTITY.entityType, ENTITY.entityId)).toStrictEqual(revived);
      },
    },
  ],
});
