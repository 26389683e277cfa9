import { ConflictError, generateId, NotFoundError } from '@flags/core';
import { expect } from 'vitest';
import { expectRecent, expectRejection, idsOf } from '../assertions.js';
import { defineGroup } from '../check.js';
import { compareText } from '../compare.js';
import { scheduledChangeInput, seedFlag } from '../fixtures.js';
import { scheduledChangeKind } from '../leased-kinds.js';
import { leaseChecks } from './lease-checks.js';

const AT = (iso: string) => new Date(iso);

/** createScheduledChange, getScheduledChanges, updateScheduledChange, deleteScheduledChange, claim, mark. */
export const scheduledChangesGroup = defineGroup({
  name: 'scheduled-changes',
  title: 'scheduled changes',
  checks: [
    {
      id: 'scheduled-changes.create-stores-defaults',
      title: 'createScheduledChange stores a pending change with defaults and backend-set timestamps',
      async run(ctx) {
        const flag = await seedFlag(ctx);
        const scheduledAt = AT('2030-01-02T03:04:05.678Z');
        const before = new Date();
        const created = await ctx.backend.createScheduledChange({
          flagId: flag.id,
          changeType: 'disable',
          scheduledAt,
        });
        const after = new Date();
        expect(created).toMatchObject({
          flagId: flag.id,
          changeType: 'disable',
          scheduledAt,
          executed: false,
          executedAt: null,
          newValue: null,
          newRolloutPercentage: null,
          createdBy: null,
          claimedBy: null,
          claimExpiresAt: null,
          outcome: null,
        });
        expect(typeof created.id).toBe('string');
        expectRecent(created.createdAt, before, after, 'createdAt');
        expectRecent(created.updatedAt, before, after, 'updatedAt');
        expect(await ctx.backend.getScheduledChanges({ flagId: flag.id })).toStrictEqual([created]);
      },
    },
    {
      id: 'scheduled-changes.create-unknown-flag-not-found',
      title: 'createScheduledChange for an unknown flag id throws NotFoundError and writes nothing',
      async run(ctx) {
        const flagId = generateId();
        await expectRejection(
          ctx.backend.createScheduledChange(scheduledChangeInput(flagId)),
          NotFoundError,
          'createScheduledChange for an unknown flag',
        );
        expect(await ctx.backend.getScheduledChanges({ flagId, pendingOnly: false })).toStrictEqual([]);
      },
    },
    {
      id: 'scheduled-changes.create-duplicate-id-conflicts',
      title: 'createScheduledChange with a taken id throws ConflictError and changes nothing',
      async run(ctx) {
        const flag = await seedFlag(ctx);
        const first = await ctx.backend.createScheduledChange(scheduledChangeInput(flag.id));
        await expectRejection(
          ctx.backend.createScheduledChange(scheduledChangeInput(flag.id, { id: first.id, changeType: 'disable' })),
          ConflictError,
          'createScheduledChange with a taken id',
        );
        expect(await ctx.backend.getScheduledChanges({ flagId: flag.id, pendingOnly: false })).toStrictEqual([first]);
      },
    },
    {
      id: 'scheduled-changes.get-sorted-and-filtered',
      title: 'getScheduledChanges sorts by scheduledAt then id, filters by flagId, and lists pending only by default',
      async run(ctx) {
        const flag = await seedFlag(ctx);
        const other = await seedFlag(ctx);
        const create = (flagId: string, iso: string) =>
          ctx.backend.createScheduledChange(scheduledChangeInput(flagId, { scheduledAt: AT(iso) }));
        const late = await create(flag.id, '2030-03-01T00:00:00.002Z');
        const tieA = await create(flag.id, '2030-02-01T00:00:00.000Z');
        const early = await create(flag.id, '2030-01-01T00:00:00.001Z');
        const tieB = await create(flag.id, '2030-02-01T00:00:00.000Z');
        const done = await create(flag.id, '2029-12-31T23:59:59.999Z');
        const foreign = await create(other.id, '2030-01-15T00:00:00.000Z');
        expect(await ctx.backend.markScheduledChangeExecuted(done.id, new Date())).toBe(true);
        const ties = [tieA, tieB].sort((a, b) => compareText(a.id, b.id));

        const pending = await ctx.backend.getScheduledChanges({ flagId: flag.id });
        expect(idsOf(pending), 'pending of the flag').toStrictEqual(idsOf([early, ...ties, late]));
        const explicit = await ctx.backend.getScheduledChanges({ flagId: flag.id, pendingOnly: true });
        expect(idsOf(explicit)).toStrictEqual(idsOf(pending));
        const everything = await ctx.backend.getScheduledChanges({ flagId: flag.id, pendingOnly: false });
        expect(idsOf(everything), 'all of the flag').toStrictEqual(idsOf([done, early, ...ties, late]));

        const mine = new Set([flag.id, other.id]);
        const allPending = (await ctx.backend.getScheduledChanges()).filter((c) => mine.has(c.flagId));
        expect(idsOf(allPending), 'pending of every flag').toStrictEqual(idsOf([early, foreign, ...ties, late]));
      },
    },
    {
      id: 'scheduled-changes.update-replaces',
      title: 'updateScheduledChange replaces the change, keeping createdAt',
      async run(ctx) {
        const flag = await seedFlag(ctx, { flagType: 'string', defaultValue: 'a' });
        const created = await ctx.backend.createScheduledChange(scheduledChangeInput(flag.id, { createdBy: 'alice' }));
        const scheduledAt = AT('2032-05-06T07:08:09.010Z');
        const before = new Date();
        const updated = await ctx.backend.updateScheduledChange({
          ...created,
          changeType: 'update_value',
          newValue: 'b',
          scheduledAt,
          createdBy: 'bob',
          createdAt: AT('2001-01-01T00:00:00.000Z'),
        });
        const after = new Date();
        expect(updated).toMatchObject({ id: created.id, changeType: 'update_value', newValue: 'b', scheduledAt });
        expect(updated.createdBy).toBe('bob');
        expect(updated.createdAt.getTime(), 'createdAt kept').toBe(created.createdAt.getTime());
        expectRecent(updated.updatedAt, before, after, 'updatedAt');
        expect(await ctx.backend.getScheduledChanges({ flagId: flag.id })).toStrictEqual([updated]);
      },
    },
    {
      id: 'scheduled-changes.update-missing-not-found',
      title: 'updateScheduledChange of an unknown id throws NotFoundError and writes nothing',
      async run(ctx) {
        const flag = await seedFlag(ctx);
        await expectRejection(
          ctx.backend.updateScheduledChange(scheduledChangeInput(flag.id, { id: generateId() })),
          NotFoundError,
          'updateScheduledChange of an unknown id',
        );
        expect(await ctx.backend.getScheduledChanges({ flagId: flag.id, pendingOnly: false })).toStrictEqual([]);
      },
    },
    {
      id: 'scheduled-changes.delete-returns-boolean',
      title: 'deleteScheduledChange returns true and removes only that change; false for an unknown id',
      async run(ctx) {
        const flag = await seedFlag(ctx);
        const doomed = await ctx.backend.createScheduledChange(scheduledChangeInput(flag.id));
        const kept = await ctx.backend.createScheduledChange(scheduledChangeInput(flag.id));
        expect(await ctx.backend.deleteScheduledChange(doomed.id)).toBe(true);
        expect(await ctx.backend.getScheduledChanges({ flagId: flag.id, pendingOnly: false })).toStrictEqual([kept]);
        expect(await ctx.backend.deleteScheduledChange(doomed.id), 'second delete').toBe(false);
        expect(await ctx.backend.deleteScheduledChange(generateId()), 'unknown id').toBe(false);
      },
    },
    ...leaseChecks('scheduled-changes', scheduledChangeKind),
  ],
});
