import { type FeatureFlag, generateId, type StorageBackend } from '@flags/core';
import { expect } from 'vitest';
import { defineGroup } from '../check.js';
import {
  overrideInput,
  rolloutPhaseInput,
  scheduledChangeInput,
  seedFlag,
  segmentInput,
  timeScheduleInput,
} from '../fixtures.js';

const ENTITY = { entityType: 'user', entityId: 'cascade-user' } as const;

/** Gives `flag` one of each child record: an override, a scheduled change, a time schedule, a rollout phase. */
async function addChildren(backend: StorageBackend, flag: FeatureFlag): Promise<void> {
  await backend.upsertOverride(overrideInput(flag.id, ENTITY));
  await backend.createScheduledChange(scheduledChangeInput(flag.id));
  await backend.createTimeSchedule(timeScheduleInput(flag.id));
  await backend.createRolloutPhase(rolloutPhaseInput(flag.id, 1));
}

/** Every child record of `flagId` any read can find, by kind. */
async function childrenOf(backend: StorageBackend, flagId: string) {
  const mine = <T extends { flagId: string }>(rows: T[]) => rows.filter((row) => row.flagId === flagId);
  return {
    override: await backend.getOverride(flagId, ENTITY.entityType, ENTITY.entityId),
    overrides: await backend.getOverrides(flagId, [ENTITY]),
    bulkOverrides: await backend.getOverridesForFlags([flagId], [ENTITY]),
    listedOverrides: await backend.listOverrides(flagId),
    changesOfFlag: await backend.getScheduledChanges({ flagId, pendingOnly: false }),
    changes: mine(await backend.getScheduledChanges({ pendingOnly: false })),
    schedulesOfFlag: await backend.getTimeSchedules({ flagId }),
    schedules: mine(await backend.getTimeSchedules()),
    phases: await backend.getRolloutPhases(flagId),
    pendingPhases: mine(await backend.getPendingRolloutPhases()),
  };
}

const NO_CHILDREN = {
  override: null,
  overrides: [],
  bulkOverrides: [],
  listedOverrides: [],
  changesOfFlag: [],
  changes: [],
  schedulesOfFlag: [],
  schedules: [],
  phases: [],
  pendingPhases: [],
};

/** What deleteFlag and deleteSegment take with them. */
export const cascadesGroup = defineGroup({
  name: 'cascades',
  title: 'cascades',
  checks: [
    {
      id: 'cascades.delete-flag-removes-children',
      title: "deleteFlag removes the flag's overrides, scheduled changes, time schedules and rollout phases",
      async run(ctx) {
        const flag = await seedFlag(ctx);
        await addChildren(ctx.backend, flag);
        const before = await childrenOf(ctx.backend, flag.id);
        expect(before.listedOverrides).toHaveLength(1);
        expect(before.changes).toHaveLength(1);
        expect(before.schedules).toHaveLength(1);
        expect(before.phases).toHaveLength(1);
        expect(await ctx.backend.deleteFlag(flag.key)).toBe(true);
        expect(await childrenOf(ctx.backend, flag.id)).toStrictEqual(NO_CHILDREN);
      },
    },
    {
      id: 'cascades.delete-flag-spares-other-flags',
      title: 'deleteFlag leaves other flags and their children alone, even for the same entity',
      async run(ctx) {
        const doomed = await seedFlag(ctx);
        const kept = await seedFlag(ctx);
        await addChildren(ctx.backend, doomed);
        await addChildren(ctx.backend, kept);
        const before = await childrenOf(ctx.backend, kept.id);
        const keptFlag = await ctx.backend.getFlag(kept.key);
        expect(await ctx.backend.deleteFlag(doomed.key)).toBe(true);
        expect(await childrenOf(ctx.backend, kept.id)).toStrictEqual(before);
        expect(await ctx.backend.getFlag(kept.key)).toStrictEqual(keptFlag);
      },
    },
    {
      id: 'cascades.recreated-flag-has-no-orphans',
      title: 'a flag re-created with the id and key of a deleted one starts with no children',
      async run(ctx) {
        const id = generateId();
        const flag = await seedFlag(ctx, { id });
        await addChildren(ctx.backend, flag);
        expect(await ctx.backend.deleteFlag(flag.key)).toBe(true);
        const reborn = await ctx.backend.createFlag({ id, key: flag.key });
        expect(reborn.id).toBe(id);
        expect((await ctx.backend.getFlag(flag.key))?.timeSchedules).toStrictEqual([]);
        expect(await childrenOf(ctx.backend, id)).toStrictEqual(NO_CHILDREN);
      },
    },
    {
      id: 'cascades.delete-segment-orphans-children',
      title: "deleteSegment sets its direct children's parentSegmentId to null and leaves grandchildren alone",
      async run(ctx) {
        const parent = await ctx.backend.createSegment(segmentInput(ctx));
        const child = await ctx.backend.createSegment(segmentInput(ctx, { parentSegmentId: parent.id }));
        const sibling = await ctx.backend.createSegment(segmentInput(ctx, { parentSegmentId: parent.id }));
        const grandchild = await ctx.backend.createSegment(segmentInput(ctx, { parentSegmentId: child.id }));
        expect(await ctx.backend.deleteSegment(parent.id)).toBe(true);
        expect(await ctx.backend.getSegment(parent.id)).toBeNull();
        expect(await ctx.backend.getSegmentByName(parent.name)).toBeNull();
        expect((await ctx.backend.getSegment(child.id))?.parentSegmentId).toBeNull();
        expect((await ctx.backend.getSegment(sibling.id))?.parentSegmentId).toBeNull();
        expect((await ctx.backend.getSegment(grandchild.id))?.parentSegmentId).toBe(child.id);
        expect(await ctx.backend.getChildSegments(parent.id)).toStrictEqual([]);
        expect((await ctx.backend.getChildSegments(child.id)).map((s) => s.id)).toStrictEqual([grandchild.id]);
        const all = await ctx.backend.getAllSegments();
        expect(all.some((s) => s.id === parent.id)).toBe(false);
        expect(all.find((s) => s.id === child.id)?.parentSegmentId).toBeNull();
      },
    },
  ],
});
