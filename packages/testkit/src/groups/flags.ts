import { ConflictError, generateId, NotFoundError } from '@flags/core';
import { expect } from 'vitest';
import { expectRecent, expectRejection } from '../assertions.js';
import { defineGroup } from '../check.js';
import { flagInput, richFlagInput, seedFlag, timeScheduleInput } from '../fixtures.js';

const LONG_AGO = new Date('2001-02-03T04:05:06.789Z');

/** createFlag, getFlag, getFlags, getAllFlags, getAllActiveFlags, updateFlag, deleteFlag. */
export const flagsGroup = defineGroup({
  name: 'flags',
  title: 'flags',
  checks: [
    {
      id: 'flags.create-stores-version-1',
      title: 'createFlag stores a new flag at version 1 with defaults, an id and backend-set timestamps',
      async run(ctx) {
        const key = ctx.unique('flag');
        const before = new Date();
        const created = await ctx.backend.createFlag({ key, version: 7, createdAt: LONG_AGO, updatedAt: LONG_AGO });
        const after = new Date();
        expect(created).toMatchObject({
          key,
          name: key,
          description: null,
          flagType: 'boolean',
          status: 'active',
          defaultEnabled: false,
          defaultValue: null,
          tags: [],
          metadata: {},
          rules: [],
          variants: [],
          timeSchedules: [],
          version: 1,
        });
        expect(typeof created.id, 'a generated id').toBe('string');
        expect(created.id.length).toBeGreaterThan(0);
        expectRecent(created.createdAt, before, after, 'createdAt');
        expectRecent(created.updatedAt, before, after, 'updatedAt');
        expect(await ctx.backend.getFlag(key), 'getFlag returns the flag as createFlag returned it').toStrictEqual(
          created,
        );
      },
    },
    {
      id: 'flags.create-keeps-given-id',
      title: 'createFlag keeps an id the caller gives',
      async run(ctx) {
        const id = generateId();
        const created = await seedFlag(ctx, { id });
        expect(created.id).toBe(id);
        expect((await ctx.backend.getFlag(created.key))?.id).toBe(id);
      },
    },
    {
      id: 'flags.create-duplicate-key-conflicts',
      title: 'createFlag of a taken key throws ConflictError and changes nothing',
      async run(ctx) {
        const original = await seedFlag(ctx, { name: 'original' });
        await expectRejection(
          ctx.backend.createFlag({ key: original.key, name: 'intruder', defaultEnabled: true }),
          ConflictError,
          'createFlag of a taken key',
        );
        expect(await ctx.backend.getFlag(original.key)).toStrictEqual(original);
        const all = await ctx.backend.getAllFlags();
        expect(all.filter((f) => f.key === original.key)).toHaveLength(1);
      },
    },
    {
      id: 'flags.create-duplicate-id-conflicts',
      title: 'createFlag with an id another flag has throws ConflictError and writes nothing',
      async run(ctx) {
        const original = await seedFlag(ctx);
        const other = ctx.unique('flag');
        await expectRejection(
          ctx.backend.createFlag({ id: original.id, key: other }),
          ConflictError,
          'createFlag with a taken id',
        );
        expect(await ctx.backend.getFlag(other)).toBeNull();
        expect(await ctx.backend.getFlag(original.key)).toStrictEqual(original);
      },
    },
    {
      id: 'flags.keys-are-case-sensitive',
      title: 'flag keys differing only in case are different flags',
      async run(ctx) {
        const base = ctx.unique('case');
        const lower = await seedFlag(ctx, { key: `${base}-key`, name: 'lower' });
        const upper = await seedFlag(ctx, { key: `${base}-KEY`, name: 'upper' });
        expect(upper.id).not.toBe(lower.id);
        expect((await ctx.backend.getFlag(`${base}-key`))?.name).toBe('lower');
        expect((await ctx.backend.getFlag(`${base}-KEY`))?.name).toBe('upper');
        expect(await ctx.backend.getFlag(`${base}-Key`)).toBeNull();
      },
    },
    {
      id: 'flags.get-missing-returns-null',
      title: 'getFlag of an unknown key is null; getFlags leaves unknown keys out',
      async run(ctx) {
        const missing = ctx.unique('missing');
        expect(await ctx.backend.getFlag(missing)).toBeNull();
        const none = await ctx.backend.getFlags([missing]);
        expect(none).toBeInstanceOf(Map);
        expect(none.size).toBe(0);
        expect((await ctx.backend.getFlags([])).size).toBe(0);
      },
    },
    {
      id: 'flags.get-flags-by-key',
      title: 'getFlags returns a Map by key holding exactly the stored flags asked for',
      async run(ctx) {
        const a = await ctx.backend.createFlag(richFlagInput(ctx));
        const b = await seedFlag(ctx, { status: 'archived' });
        const unasked = await seedFlag(ctx);
        const missing = ctx.unique('missing');
        const found = await ctx.backend.getFlags([a.key, missing, b.key, a.key]);
        expect(found).toBeInstanceOf(Map);
        expect([...found.keys()].sort()).toStrictEqual([a.key, b.key].sort());
        expect(found.get(a.key)).toStrictEqual(await ctx.backend.getFlag(a.key));
        expect(found.get(b.key)).toStrictEqual(await ctx.backend.getFlag(b.key));
        expect(found.has(unasked.key)).toBe(false);
      },
    },
    {
      id: 'flags.get-all-sorted-by-key',
      title: 'getAllFlags returns every flag whatever its status, sorted by key',
      async run(ctx) {
        const prefix = ctx.unique('all');
        await seedFlag(ctx, { key: `${prefix}-charlie`, status: 'inactive' });
        await seedFlag(ctx, { key: `${prefix}-alpha`, status: 'archived' });
        await seedFlag(ctx, { key: `${prefix}-bravo`, status: 'active' });
        const all = await ctx.backend.getAllFlags();
        const mine = all.filter((f) => f.key.startsWith(`${prefix}-`));
        expect(mine.map((f) => [f.key, f.status])).toStrictEqual([
          [`${prefix}-alpha`, 'archived'],
          [`${prefix}-bravo`, 'active'],
          [`${prefix}-charlie`, 'inactive'],
        ]);
      },
    },
    {
      id: 'flags.get-all-active-only-active',
      title: 'getAllActiveFlags returns only active flags, sorted by key',
      async run(ctx) {
        const prefix = ctx.unique('active');
        await seedFlag(ctx, { key: `${prefix}-delta`, status: 'active' });
        await seedFlag(ctx, { key: `${prefix}-alpha`, status: 'inactive' });
        await seedFlag(ctx, { key: `${prefix}-charlie`, status: 'active' });
        await seedFlag(ctx, { key: `${prefix}-echo`, status: 'archived' });
        await seedFlag(ctx, { key: `${prefix}-bravo`, status: 'active' });
        const active = await ctx.backend.getAllActiveFlags();
        expect(
          active.every((f) => f.status === 'active'),
          'only active flags',
        ).toBe(true);
        const mine = active.filter((f) => f.key.startsWith(`${prefix}-`)).map((f) => f.key);
        expect(mine).toStrictEqual([`${prefix}-bravo`, `${prefix}-charlie`, `${prefix}-delta`]);
      },
    },
    {
      id: 'flags.update-bumps-version',
      title: 'updateFlag replaces the flag at version + 1, keeps id and createdAt, and getFlag sees it',
      async run(ctx) {
        const created = await ctx.backend.createFlag(richFlagInput(ctx));
        const before = new Date();
        const updated = await ctx.backend.updateFlag({
          ...created,
          name: 'Renamed',
          description: null,
          status: 'inactive',
          tags: ['renamed'],
          metadata: { replaced: true },
          rules: [{ name: 'only rule', conditions: [{ attribute: 'plan', operator: 'eq', value: 'pro' }] }],
          variants: [],
          createdAt: LONG_AGO,
          updatedAt: LONG_AGO,
        });
        const after = new Date();
        expect(updated).toMatchObject({
          id: created.id,
          key: created.key,
          name: 'Renamed',
          description: null,
          status: 'inactive',
          tags: ['renamed'],
          metadata: { replaced: true },
          variants: [],
          version: 2,
        });
        expect(updated.rules.map((r) => r.name)).toStrictEqual(['only rule']);
        expect(updated.createdAt.getTime(), 'createdAt is kept').toBe(created.createdAt.getTime());
        expectRecent(updated.updatedAt, before, after, 'updatedAt');
        expect(await ctx.backend.getFlag(created.key)).toStrictEqual(updated);
        const again = await ctx.backend.updateFlag({ ...updated, name: 'Twice' });
        expect(again.version).toBe(3);
        expect((await ctx.backend.getFlag(created.key))?.name).toBe('Twice');
      },
    },
    {
      id: 'flags.update-missing-not-found',
      title: 'updateFlag of an unknown key, or of a known key with another id, throws NotFoundError and writes nothing',
      async run(ctx) {
        const unknown = flagInput(ctx, { id: generateId(), version: 1 });
        await expectRejection(ctx.backend.updateFlag(unknown), NotFoundError, 'updateFlag of an unknown key');
        expect(await ctx.backend.getFlag(unknown.key)).toBeNull();
        const stored = await seedFlag(ctx);
        await expectRejection(
          ctx.backend.updateFlag({ ...stored, id: generateId(), name: 'impostor' }),
          NotFoundError,
          'updateFlag of a known key with another id',
        );
        expect(await ctx.backend.getFlag(stored.key)).toStrictEqual(stored);
      },
    },
    {
      id: 'flags.update-stale-version-conflicts',
      title: 'updateFlag with a version other than the stored one throws ConflictError and changes nothing',
      async run(ctx) {
        const v1 = await seedFlag(ctx, { name: 'v1' });
        const v2 = await ctx.backend.updateFlag({ ...v1, name: 'v2' });
        await expectRejection(
          ctx.backend.updateFlag({ ...v1, name: 'lost update' }),
          ConflictError,
          'updateFlag from a stale version',
        );
        await expectRejection(
          ctx.backend.updateFlag({ ...v2, version: 5, name: 'from the future' }),
          ConflictError,
          'updateFlag from a version not yet reached',
        );
        expect(await ctx.backend.getFlag(v1.key)).toStrictEqual(v2);
      },
    },
    {
      id: 'flags.update-ignores-time-schedules',
      title: 'updateFlag ignores timeSchedules on its input: the stored schedules stay',
      async run(ctx) {
        const flag = await seedFlag(ctx);
        const schedule = await ctx.backend.createTimeSchedule(timeScheduleInput(flag.id));
        const read = await ctx.backend.getFlag(flag.key);
        expect(read?.timeSchedules).toHaveLength(1);
        await ctx.backend.updateFlag({ ...read!, name: 'no schedules given', timeSchedules: [] });
        expect((await ctx.backend.getFlag(flag.key))?.timeSchedules).toStrictEqual([schedule]);
        expect(await ctx.backend.getTimeSchedules({ flagId: flag.id })).toStrictEqual([schedule]);
      },
    },
    {
      id: 'flags.delete-returns-boolean',
      title: 'deleteFlag returns true and removes the flag; false when the key is unknown',
      async run(ctx) {
        const flag = await seedFlag(ctx);
        const kept = await seedFlag(ctx);
        expect(await ctx.backend.deleteFlag(flag.key)).toBe(true);
        expect(await ctx.backend.getFlag(flag.key)).toBeNull();
        expect((await ctx.backend.getFlags([flag.key])).size).toBe(0);
        expect((await ctx.backend.getAllFlags()).some((f) => f.key === flag.key)).toBe(false);
        expect(await ctx.backend.deleteFlag(flag.key), 'second delete').toBe(false);
        expect(await ctx.backend.deleteFlag(ctx.unique('missing')), 'unknown key').toBe(false);
        expect(await ctx.backend.getFlag(kept.key)).toStrictEqual(kept);
      },
    },
  ],
});
