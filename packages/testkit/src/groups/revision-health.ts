import type { StorageBackend } from '@flags/core';
import { expect } from 'vitest';
import { defineGroup } from '../check.js';
import {
  inMs,
  overrideInput,
  rolloutPhaseInput,
  scheduledChangeInput,
  seedFlag,
  segmentInput,
  timeScheduleInput,
} from '../fixtures.js';

/**
 * Tracks `getRevision()` across writes: `write` runs one write and asserts the revision moved to a
 * token that differs from the one just before it.
 */
async function revisionTracker(backend: StorageBackend) {
  const first = await backend.getRevision();
  expect(typeof first, 'getRevision returns a string').toBe('string');
  let last = first;
  return async function write(label: string, action: () => Promise<unknown>): Promise<void> {
    await action();
    const next = await backend.getRevision();
    expect(typeof next).toBe('string');
    expect(next, `getRevision changes after ${label}`).not.toBe(last);
    last = next;
  };
}

/** getRevision after every kind of write; healthCheck; close. */
export const revisionHealthGroup = defineGroup({
  name: 'revision-health',
  title: 'revision, health check and close',
  checks: [
    {
      id: 'revision-health.flag-writes-change-revision',
      title: 'getRevision changes after createFlag, updateFlag and deleteFlag',
      async run(ctx) {
        let flag = await seedFlag(ctx);
        const write = await revisionTracker(ctx.backend);
        await write('createFlag', () => seedFlag(ctx));
        await write('updateFlag', async () => {
          flag = await ctx.backend.updateFlag({ ...flag, name: 'changed' });
        });
        await write('deleteFlag', () => ctx.backend.deleteFlag(flag.key));
      },
    },
    {
      id: 'revision-health.override-writes-change-revision',
      title: 'getRevision changes after upsertOverride (create and replace) and deleteOverride',
      async run(ctx) {
        const flag = await seedFlag(ctx);
        const write = await revisionTracker(ctx.backend);
        await write('upsertOverride (create)', () => ctx.backend.upsertOverride(overrideInput(flag.id)));
        await write('upsertOverride (replace)', () =>
          ctx.backend.upsertOverride(overrideInput(flag.id, { enabled: false, expiresAt: inMs(3_600_000) })),
        );
        await write('deleteOverride', () => ctx.backend.deleteOverride(flag.id, 'user', 'user-1'));
      },
    },
    {
      id: 'revision-health.scheduled-change-writes-change-revision',
      title: 'getRevision changes after every scheduled-change write, claims and marks included',
      async run(ctx) {
        const flag = await seedFlag(ctx);
        let change = await ctx.backend.createScheduledChange(scheduledChangeInput(flag.id));
        const write = await revisionTracker(ctx.backend);
        await write('createScheduledChange', () => ctx.backend.createScheduledChange(scheduledChangeInput(flag.id)));
        await write('updateScheduledChange', async () => {
          change = await ctx.backend.updateScheduledChange({ ...change, changeType: 'disable' });
        });
        await write('claimScheduledChange', () => ctx.backend.claimScheduledChange(change.id, 'owner', 60_000));
        await write('markScheduledChangeExecuted', () =>
          ctx.backend.markScheduledChangeExecuted(change.id, new Date()),
        );
        await write('deleteScheduledChange', () => ctx.backend.deleteScheduledChange(change.id));
      },
    },
    {
      id: 'revision-health.time-schedule-writes-change-revision',
      title: 'getRevision changes after createTimeSchedule, updateTimeSchedule and deleteTimeSchedule',
      async run(ctx) {
        const flag = await seedFlag(ctx);
        let schedule = await ctx.backend.createTimeSchedule(timeScheduleInput(flag.id));
        const write = await revisionTracker(ctx.backend);
        await write('createTimeSchedule', () => ctx.backend.createTimeSchedule(timeScheduleInput(flag.id)));
        await write('updateTimeSchedule', async () => {
          schedule = await ctx.backend.updateTimeSchedule({ ...schedule, enabled: false });
        });
        await write('deleteTimeSchedule', () => ctx.backend.deleteTimeSchedule(schedule.id));
      },
    },
    {
      id: 'revision-health.rollout-phase-writes-change-revision',
      title: 'getRevision changes after every rollout-phase write, claims and marks included',
      async run(ctx) {
        const flag = await seedFlag(ctx);
        const phase = await ctx.backend.createRolloutPhase(rolloutPhaseInput(flag.id, 1));
        const write = await revisionTracker(ctx.backend);
        await write('createRolloutPhase', () => ctx.backend.createRolloutPhase(rolloutPhaseInput(flag.id, 2)));
        await write('claimRolloutPhase', () => ctx.backend.claimRolloutPhase(phase.id, 'owner', 60_000));
        await write('markRolloutPhaseExecuted', () => ctx.backend.markRolloutPhaseExecuted(phase.id, new Date()));
        await write('deleteRolloutPhase', () => ctx.backend.deleteRolloutPhase(phase.id));
      },
    },
    {
      id: 'revision-health.segment-writes-change-revision',
      title: 'getRevision changes after createSegment, updateSegment and deleteSegment',
      async run(ctx) {
        let segment = await ctx.backend.createSegment(segmentInput(ctx));
        const write = await revisionTracker(ctx.backend);
        await write('createSegment', () => ctx.backend.createSegment(segmentInput(ctx)));
        await write('updateSegment', async () => {
          segment = await ctx.backend.updateSegment({ ...segment, enabled: false });
        });
        await write('deleteSegment', () => ctx.backend.deleteSegment(segment.id));
      },
    },
    {
      id: 'revision-health.health-check-true',
      title: 'healthCheck resolves true on a working store',
      async run(ctx) {
        expect(await ctx.backend.healthCheck()).toBe(true);
      },
    },
    {
      id: 'revision-health.close-idempotent',
      title: 'close can be called twice; healthCheck afterwards still resolves to a boolean',
      async run(ctx) {
        const backend = await ctx.createBackend();
        await backend.close();
        await backend.close();
        expect(typeof (await backend.healthCheck()), 'healthCheck after close never throws').toBe('boolean');
      },
    },
  ],
});
