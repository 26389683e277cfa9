import { generateId, NotFoundError } from '@flags/core';
import { expect } from 'vitest';
import { byId, expectRecent, expectRejection } from '../assertions.js';
import { defineGroup } from '../check.js';
import { overrideInput, seedFlag } from '../fixtures.js';

/** upsertOverride, getOverride, getOverrides, getOverridesForFlags, listOverrides, deleteOverride. */
export const overridesGroup = defineGroup({
  name: 'overrides',
  title: 'overrides',
  checks: [
    {
      id: 'overrides.upsert-creates',
      title: 'upsertOverride creates an override with defaults, an id and backend-set timestamps',
      async run(ctx) {
        const flag = await seedFlag(ctx);
        const before = new Date();
        const created = await ctx.backend.upsertOverride({ flagId: flag.id, entityType: 'user', entityId: 'u-1' });
        const after = new Date();
        expect(created).toMatchObject({
          flagId: flag.id,
          entityType: 'user',
          entityId: 'u-1',
          enabled: true,
          value: null,
          expiresAt: null,
        });
        expect(typeof created.id).toBe('string');
        expectRecent(created.createdAt, before, after, 'createdAt');
        expectRecent(created.updatedAt, before, after, 'updatedAt');
        expect(await ctx.backend.getOverride(flag.id, 'user', 'u-1')).toStrictEqual(created);
      },
    },
    {
      id: 'overrides.upsert-replaces-keeping-id',
      title: 'upsertOverride of an existing (flag, entity) replaces it, keeping its id and createdAt',
      async run(ctx) {
        const flag = await seedFlag(ctx);
        const first = await ctx.backend.upsertOverride(overrideInput(flag.id, { enabled: true, value: 'first' }));
        const second = await ctx.backend.upsertOverride(
          overrideInput(flag.id, { id: generateId(), enabled: false, value: { second: [1, 2] } }),
        );
        expect(second.id, 'id kept').toBe(first.id);
        expect(second.createdAt.getTime(), 'createdAt kept').toBe(first.createdAt.getTime());
        expect(second.updatedAt.getTime()).toBeGreaterThanOrEqual(first.updatedAt.getTime());
        expect(second).toMatchObject({ enabled: false, value: { second: [1, 2] } });
        expect(await ctx.backend.listOverrides(flag.id)).toStrictEqual([second]);
        expect(await ctx.backend.getOverride(flag.id, 'user', 'user-1')).toStrictEqual(second);
      },
    },
    {
      id: 'overrides.upsert-unknown-flag-not-found',
      title: 'upsertOverride for an unknown flag id throws NotFoundError and writes nothing',
      async run(ctx) {
        const flagId = generateId();
        await expectRejection(
          ctx.backend.upsertOverride(overrideInput(flagId)),
          NotFoundError,
          'upsertOverride for an unknown flag',
        );
        expect(await ctx.backend.getOverride(flagId, 'user', 'user-1')).toBeNull();
        expect(await ctx.backend.listOverrides(flagId)).toStrictEqual([]);
      },
    },
    {
      id: 'overrides.get-missing-returns-null',
      title: 'getOverride is null, and getOverrides/listOverrides are empty, when nothing matches',
      async run(ctx) {
        const flag = await seedFlag(ctx);
        await ctx.backend.upsertOverride(overrideInput(flag.id, { entityType: 'user', entityId: 'present' }));
        expect(await ctx.backend.getOverride(flag.id, 'user', 'absent')).toBeNull();
        expect(await ctx.backend.getOverride(flag.id, 'organization', 'present')).toBeNull();
        expect(await ctx.backend.getOverride(generateId(), 'user', 'present')).toBeNull();
        expect(await ctx.backend.getOverrides(flag.id, [{ entityType: 'user', entityId: 'absent' }])).toStrictEqual([]);
        expect(await ctx.backend.getOverrides(flag.id, [])).toStrictEqual([]);
        expect(await ctx.backend.listOverrides(generateId())).toStrictEqual([]);
      },
    },
    {
      id: 'overrides.get-overrides-matches-entities',
      title: 'getOverrides returns the overrides of exactly the entities asked for, on that flag only',
      async run(ctx) {
        const flag = await seedFlag(ctx);
        const other = await seedFlag(ctx);
        const user = await ctx.backend.upsertOverride(overrideInput(flag.id, { entityType: 'user', entityId: 'u-7' }));
        const org = await ctx.backend.upsertOverride(
          overrideInput(flag.id, { entityType: 'organization', entityId: 'acme', enabled: false }),
        );
        await ctx.backend.upsertOverride(overrideInput(flag.id, { entityType: 'tenant', entityId: 'unasked' }));
        await ctx.backend.upsertOverride(overrideInput(other.id, { entityType: 'user', entityId: 'u-7' }));
        const found = await ctx.backend.getOverrides(flag.id, [
          { entityType: 'user', entityId: 'u-7' },
          { entityType: 'organization', entityId: 'acme' },
          { entityType: 'targeting_key', entityId: 'nobody' },
        ]);
        expect(byId(found)).toStrictEqual(byId([user, org]));
      },
    },
    {
      id: 'overrides.get-overrides-for-flags-bulk',
      title: 'getOverridesForFlags returns the overrides of the entities asked for on every flag asked for',
      async run(ctx) {
        const a = await seedFlag(ctx);
        const b = await seedFlag(ctx);
        const unasked = await seedFlag(ctx);
        const aUser = await ctx.backend.upsertOverride(overrideInput(a.id, { entityId: 'u-1' }));
        const bUser = await ctx.backend.upsertOverride(overrideInput(b.id, { entityId: 'u-1', enabled: false }));
        const bTenant = await ctx.backend.upsertOverride(
          overrideInput(b.id, { entityType: 'tenant', entityId: 't-1' }),
        );
        await ctx.backend.upsertOverride(overrideInput(a.id, { entityId: 'u-2' }));
        await ctx.backend.upsertOverride(overrideInput(unasked.id, { entityId: 'u-1' }));
        const entities = [
          { entityType: 'user', entityId: 'u-1' },
          { entityType: 'tenant', entityId: 't-1' },
        ];
        const found = await ctx.backend.getOverridesForFlags([a.id, b.id, generateId()], entities);
        expect(byId(found)).toStrictEqual(byId([aUser, bUser, bTenant]));
        expect(await ctx.backend.getOverridesForFlags([], entities)).toStrictEqual([]);
        expect(await ctx.backend.getOverridesForFlags([a.id, b.id], [])).toStrictEqual([]);
      },
    },
    {
      id: 'overrides.list-sorted',
      title: 'listOverrides returns every override of the flag, sorted by entityType then entityId',
      async run(ctx) {
        const flag = await seedFlag(ctx);
        const other = await seedFlag(ctx);
        for (const [entityType, entityId] of [
          ['user', 'u-b'],
          ['organization', 'o-z'],
          ['user', 'u-a'],
          ['tenant', 't-a'],
          ['organization', 'o-a'],
        ] as const) {
          await ctx.backend.upsertOverride(overrideInput(flag.id, { entityType, entityId }));
        }
        await ctx.backend.upsertOverride(overrideInput(other.id, { entityType: 'user', entityId: 'u-0' }));
        const listed = await ctx.backend.listOverrides(flag.id);
        expect(listed.map((o) => `${o.entityType}/${o.entityId}`)).toStrictEqual([
          'organization/o-a',
          'organization/o-z',
          'tenant/t-a',
          'user/u-a',
          'user/u-b',
        ]);
        expect(listed.every((o) => o.flagId === flag.id)).toBe(true);
      },
    },
    {
      id: 'overrides.entity-keys-distinct',
      title: 'entities differing in case, trailing space or where a colon falls are different overrides',
      async run(ctx) {
        const flag = await seedFlag(ctx);
        const entities = [
          { entityType: 'user', entityId: 'alice' },
          { entityType: 'user', entityId: 'Alice' },
          { entityType: 'user', entityId: 'alice ' },
          { entityType: 'user', entityId: 'a:b:c' },
          { entityType: 'user:a', entityId: 'b:c' },
          { entityType: 'team', entityId: 'a:b:c' },
        ];
        const stored = [];
        for (const [index, entity] of entities.entries()) {
          stored.push(await ctx.backend.upsertOverride(overrideInput(flag.id, { ...entity, value: index })));
        }
        expect(new Set(stored.map((o) => o.id)).size, 'six distinct overrides').toBe(entities.length);
        for (const [index, entity] of entities.entries()) {
          const found = await ctx.backend.getOverride(flag.id, entity.entityType, entity.entityId);
          expect(found?.value, `${entity.entityType}/${JSON.stringify(entity.entityId)}`).toBe(index);
        }
        expect(await ctx.backend.listOverrides(flag.id)).toHaveLength(entities.length);
        expect(await ctx.backend.getOverrides(flag.id, entities)).toHaveLength(entities.length);
      },
    },
    {
      id: 'overrides.delete-returns-boolean',
      title: 'deleteOverride returns true and removes only that override; false when there was none',
      async run(ctx) {
        const flag = await seedFlag(ctx);
        await ctx.backend.upsertOverride(overrideInput(flag.id, { entityId: 'doomed' }));
        const kept = await ctx.backend.upsertOverride(overrideInput(flag.id, { entityId: 'kept' }));
        expect(await ctx.backend.deleteOverride(flag.id, 'user', 'doomed')).toBe(true);
        expect(await ctx.backend.getOverride(flag.id, 'user', 'doomed')).toBeNull();
        expect(await ctx.backend.listOverrides(flag.id)).toStrictEqual([kept]);
        expect(await ctx.backend.deleteOverride(flag.id, 'user', 'doomed'), 'second delete').toBe(false);
        expect(await ctx.backend.deleteOverride(generateId(), 'user', 'kept'), 'unknown flag').toBe(false);
      },
    },
  ],
});
