import { ConflictError, type FeatureFlag, type StorageBackend } from '@flags/core';
import { expect } from 'vitest';
import { byId, expectRejection, idsOf } from '../assertions.js';
import { defineGroup } from '../check.js';
import {
  inMs,
  overrideInput,
  richFlagInput,
  rolloutPhaseInput,
  scheduledChangeInput,
  seedFlag,
  segmentInput,
  timeScheduleInput,
} from '../fixtures.js';

/** Everything any read can say about `flag` and the segments `segmentIds`. */
async function snapshot(backend: StorageBackend, flag: FeatureFlag, segmentIds: string[]) {
  return {
    flag: await backend.getFlag(flag.key),
    flags: [...(await backend.getFlags([flag.key])).values()],
    overrides: byId(await backend.listOverrides(flag.id)),
    changes: await backend.getScheduledChanges({ flagId: flag.id, pendingOnly: false }),
    schedules: await backend.getTimeSchedules({ flagId: flag.id }),
    phases: await backend.getRolloutPhases(flag.id),
    segments: await Promise.all(segmentIds.map((id) => backend.getSegment(id))),
  };
}

/** Data written before `reopen` is there after it, exactly (needs the `reopen` hook). */
export const persistenceGroup = defineGroup({
  name: 'persistence',
  title: 'persistence across reopen',
  checks: [
    {
      id: 'persistence.records-survive-reopen',
      title: 'flags, overrides, schedules, changes, phases and segments read the same after reopen',
      async run(ctx) {
        const flag = await ctx.backend.createFlag(richFlagInput(ctx));
        await ctx.backend.upsertOverride(
          overrideInput(flag.id, { value: { nested: [1] }, expiresAt: inMs(3_600_000) }),
        );
        await ctx.backend.upsertOverride(overrideInput(flag.id, { entityType: 'tenant', entityId: 't-1' }));
        await ctx.backend.createScheduledChange(scheduledChangeInput(flag.id, { createdBy: 'ops' }));
        await ctx.backend.createTimeSchedule(timeScheduleInput(flag.id));
        await ctx.backend.createRolloutPhase(rolloutPhaseInput(flag.id, 1));
        const parent = await ctx.backend.createSegment(segmentInput(ctx));
        const child = await ctx.backend.createSegment(segmentInput(ctx, { parentSegmentId: parent.id }));
        const before = await snapshot(ctx.backend, flag, [parent.id, child.id]);
        expect(before.flag?.timeSchedules).toHaveLength(1);
        const reopened = await ctx.reopen();
        expect(await snapshot(reopened, flag, [parent.id, child.id])).toStrictEqual(before);
        expect(idsOf(await reopened.getChildSegments(parent.id))).toStrictEqual([child.id]);
        expect(await reopened.getSegmentByName(child.name)).toStrictEqual(before.segments[1]);
      },
    },
    {
      id: 'persistence.deletes-survive-reopen',
      title: 'deleted flags (with their children), overrides and segments stay deleted after reopen',
      async run(ctx) {
        const doomed = await seedFlag(ctx);
        await ctx.backend.upsertOverride(overrideInput(doomed.id));
        await ctx.backend.createTimeSchedule(timeScheduleInput(doomed.id));
        await ctx.backend.createRolloutPhase(rolloutPhaseInput(doomed.id, 1));
        await ctx.backend.createScheduledChange(scheduledChangeInput(doomed.id));
        const kept = await seedFlag(ctx);
        await ctx.backend.upsertOverride(overrideInput(kept.id, { entityId: 'gone' }));
        const parent = await ctx.backend.createSegment(segmentInput(ctx));
        const child = await ctx.backend.createSegment(segmentInput(ctx, { parentSegmentId: parent.id }));
        expect(await ctx.backend.deleteFlag(doomed.key)).toBe(true);
        expect(await ctx.backend.deleteOverride(kept.id, 'user', 'gone')).toBe(true);
        expect(await ctx.backend.deleteSegment(parent.id)).toBe(true);
        const reopened = await ctx.reopen();
        expect(await reopened.getFlag(doomed.key)).toBeNull();
        expect(await reopened.listOverrides(doomed.id)).toStrictEqual([]);
        expect(await reopened.getTimeSchedules({ flagId: doomed.id })).toStrictEqual([]);
        expect(await reopened.getRolloutPhases(doomed.id)).toStrictEqual([]);
        expect(await reopened.getScheduledChanges({ flagId: doomed.id, pendingOnly: false })).toStrictEqual([]);
        expect(await reopened.getOverride(kept.id, 'user', 'gone')).toBeNull();
        expect(await reopened.getSegment(parent.id)).toBeNull();
        expect((await reopened.getSegment(child.id))?.parentSegmentId).toBeNull();
        expect(await reopened.getFlag(kept.key)).not.toBeNull();
      },
    },
    {
      id: 'persistence.versions-survive-reopen',
      title: 'after reopen, updates from the stored version succeed and stale versions still conflict',
      async run(ctx) {
        const flagV1 = await seedFlag(ctx);
        const flagV2 = await ctx.backend.updateFlag({ ...flagV1, name: 'v2' });
        const segmentV1 = await ctx.backend.createSegment(segmentInput(ctx));
        const segmentV2 = await ctx.backend.updateSegment({ ...segmentV1, description: 'v2' });
        const reopened = await ctx.reopen();
        await expectRejection(reopened.updateFlag({ ...flagV1, name: 'stale' }), ConflictError, 'stale updateFlag');
        await expectRejection(
          reopened.updateSegment({ ...segmentV1, description: 'stale' }),
          ConflictError,
          'stale updateSegment',
        );
        expect((await reopened.updateFlag({ ...flagV2, name: 'v3' })).version).toBe(3);
        expect((await reopened.updateSegment({ ...segmentV2, description: 'v3' })).version).toBe(3);
      },
    },
    {
      id: 'persistence.claims-survive-reopen',
      title: 'leases and executed marks made before reopen still hold after it',
      async run(ctx) {
        const flag = await seedFlag(ctx);
        const change = await ctx.backend.createScheduledChange(scheduledChangeInput(flag.id));
        const phase = await ctx.backend.createRolloutPhase(rolloutPhaseInput(flag.id, 1));
        expect(await ctx.backend.claimScheduledChange(change.id, 'owner-a', 3_600_000)).toBe(true);
        expect(await ctx.backend.markRolloutPhaseExecuted(phase.id, new Date())).toBe(true);
        const reopened = await ctx.reopen();
        expect(await reopened.claimScheduledChange(change.id, 'owner-b', 3_600_000), 'lease still held').toBe(false);
        expect(await reopened.markRolloutPhaseExecuted(phase.id, new Date()), 'already executed').toBe(false);
        expect(await reopened.claimRolloutPhase(phase.id, 'owner-b', 3_600_000), 'executed phase').toBe(false);
        const [stored] = await reopened.getScheduledChanges({ flagId: flag.id });
        expect(stored?.claimedBy).toBe('owner-a');
      },
    },
    {
      id: 'persistence.revision-not-reused-after-reopen',
      title: 'a write after reopen yields a revision token never seen before it (caches must revalidate)',
      async run(ctx) {
        const seen = [await ctx.backend.getRevision()];
        await seedFlag(ctx);
        seen.push(await ctx.backend.getRevision());
        const reopened = await ctx.reopen();
        await reopened.createFlag({ key: ctx.unique('flag') });
        const after = await reopened.getRevision();
        expect(seen, 'the revision after a post-reopen write').not.toContain(after);
      },
    },
  ],
});
