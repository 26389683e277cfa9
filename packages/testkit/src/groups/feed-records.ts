import { type FeatureFlag, generateId, type OverrideEntity } from '@flags/core';
import { expect } from 'vitest';
import { type CheckContext, defineGroup } from '../check.js';
import { type ExpectedChange, recorded, sortChanges } from '../feed-reading.js';
import {
  overrideInput,
  rolloutPhaseInput,
  scheduledChangeInput,
  seedFlag,
  segmentInput,
  timeScheduleInput,
} from '../fixtures.js';

const ENTITY: OverrideEntity = { entityType: 'user', entityId: 'feed-user' };

/** The change a write of a flag's child record records. */
function child(kind: ExpectedChange['kind'], id: string, flag: FeatureFlag, op: ExpectedChange['op']): ExpectedChange {
  return { kind, id, op, flagKey: flag.key };
}

/** Runs `write` and expects the feed to hold exactly `expected` for the records `ids`. */
async function expectRecorded(
  ctx: CheckContext,
  ids: readonly string[],
  write: () => Promise<unknown>,
  expected: ExpectedChange[],
): Promise<void> {
  expect(sortChanges(await recorded(ctx.backend, write, () => ids))).toStrictEqual(sortChanges(expected));
}

/** Each write records each record it touched, once, with the right kind, id, op, flag key and entity. */
export const feedRecordsGroup = defineGroup({
  name: 'feed-records',
  title: 'change feed: what each write records',
  checks: [
    {
      id: 'feed-records.flag-writes',
      title: 'createFlag, updateFlag and deleteFlag each record one flag change with its key',
      async run(ctx) {
        const id = generateId();
        const key = ctx.unique('feed-flag');
        const flag = { kind: 'flag', id, flagKey: key } as const;
        let stored: FeatureFlag | undefined;
        await expectRecorded(
          ctx,
          [id],
          async () => {
            stored = await ctx.backend.createFlag({ id, key, name: 'feed' });
          },
          [{ ...flag, op: 'upsert' }],
        );
        await expectRecorded(ctx, [id], () => ctx.backend.updateFlag({ ...stored!, description: 'updated' }), [
          { ...flag, op: 'upsert' },
        ]);
        await expectRecorded(ctx, [id], () => ctx.backend.deleteFlag(key), [{ ...flag, op: 'delete' }]);
      },
    },
    {
      id: 'feed-records.flag-batch-writes',
      title: 'createFlags (where offered) records each flag of the batch once, with its key',
      async run(ctx) {
        const b = ctx.backend;
        if (b.createFlags === undefined) return; // The batch write is optional.
        const inputs = [0, 1, 2].map(() => ({ id: generateId(), key: ctx.unique('feed-batch'), name: 'feed' }));
        await expectRecorded(
          ctx,
          inputs.map((input) => input.id),
          () => b.createFlags!(inputs),
          inputs.map((input) => ({ kind: 'flag', id: input.id, flagKey: input.key, op: 'upsert' })),
        );
      },
    },
    {
      id: 'feed-records.override-writes',
      title: 'upsertOverride (create and replace) and deleteOverride record the override with its flag key and entity',
      async run(ctx) {
        const flag = await seedFlag(ctx);
        const created = await ctx.backend.upsertOverride(overrideInput(flag.id, ENTITY));
        const change = (op: ExpectedChange['op']): ExpectedChange => ({
          ...child('override', created.id, flag, op),
          entity: { ...ENTITY },
        });
        await expectRecorded(
          ctx,
          [created.id],
          () => ctx.backend.upsertOverride(overrideInput(flag.id, { ...ENTITY, enabled: false })),
          [change('upsert')],
        );
        await expectRecorded(
          ctx,
          [created.id],
          () => ctx.backend.deleteOverride(flag.id, ENTITY.entityType, ENTITY.entityId),
          [change('delete')],
        );
        const id = generateId();
        await expectRecorded(ctx, [id], () => ctx.backend.upsertOverride(overrideInput(flag.id, { ...ENTITY, id })), [
          { ...child('override', id, flag, 'upsert'), entity: { ...ENTITY } },
        ]);
      },
    },
    {
      id: 'feed-records.override-batch-writes',
      title: 'upsertOverrides (where offered) records each override of the batch once, with its flag key and entity',
      async run(ctx) {
        const b = ctx.backend;
        if (b.upsertOverrides === undefined) return; // The batch write is optional.
        const flag = await seedFlag(ctx);
        const entities: OverrideEntity[] = [
          { entityType: 'user', entityId: 'batch-a' },
          { entityType: 'org', entityId: 'batch-b' },
        ];
        const ids = entities.map(() => generateId());
        await expectRecorded(
          ctx,
          ids,
          () => b.upsertOverrides!(entities.map((entity, i) => overrideInput(flag.id, { ...entity, id: ids[i] }))),
          entities.map((entity, i) => ({ ...child('override', ids[i]!, flag, 'upsert'), entity: { ...entity } })),
        );
      },
    },
    {
      id: 'feed-records.record-batch-writes',
      title:
        'createScheduledChanges, createTimeSchedules and createRolloutPhases (where offered) record each record of the batch once',
      async run(ctx) {
        const b = ctx.backend;
        const flag = await seedFlag(ctx);
        const ids = () => [generateId(), generateId()];
        if (b.createScheduledChanges !== undefined) {
          const changes = ids();
          await expectRecorded(
            ctx,
            changes,
            () => b.createScheduledChanges!(changes.map((id) => scheduledChangeInput(flag.id, { id }))),
            changes.map((id) => child('scheduled-change', id, flag, 'upsert')),
          );
        }
        if (b.createTimeSchedules !== undefined) {
          const schedules = ids();
          await expectRecorded(
            ctx,
            schedules,
            () => b.createTimeSchedules!(schedules.map((id) => timeScheduleInput(flag.id, { id }))),
            schedules.map((id) => child('time-schedule', id, flag, 'upsert')),
          );
        }
        if (b.createRolloutPhases !== undefined) {
          const phases = ids();
          await expectRecorded(
            ctx,
            phases,
            () => b.createRolloutPhases!(phases.map((id, i) => rolloutPhaseInput(flag.id, i + 1, { id }))),
            phases.map((id) => child('rollout-phase', id, flag, 'upsert')),
          );
        }
      },
    },
    {
      id: 'feed-records.scheduled-change-writes',
      title: 'every write of a scheduled change (create, update, claim, mark executed, delete) records it once',
      async run(ctx) {
        const flag = await seedFlag(ctx);
        const id = generateId();
        const upsert = [child('scheduled-change', id, flag, 'upsert')];
        const b = ctx.backend;
        await expectRecorded(ctx, [id], () => b.createScheduledChange(scheduledChangeInput(flag.id, { id })), upsert);
        const [stored] = await b.getScheduledChanges({ flagId: flag.id });
        await expectRecorded(ctx, [id], () => b.updateScheduledChange({ ...stored!, changeType: 'disable' }), upsert);
        await expectRecorded(ctx, [id], () => b.claimScheduledChange(id, 'feed-owner', 60_000), upsert);
        await expectRecorded(ctx, [id], () => b.markScheduledChangeExecuted(id, new Date(), 'done'), upsert);
        await expectRecorded(ctx, [id], () => b.deleteScheduledChange(id), [
          child('scheduled-change', id, flag, 'delete'),
        ]);
      },
    },
    {
      id: 'feed-records.time-schedule-writes',
      title: 'createTimeSchedule, updateTimeSchedule and deleteTimeSchedule each record the schedule once',
      async run(ctx) {
        const flag = await seedFlag(ctx);
        const id = generateId();
        const b = ctx.backend;
        const upsert = [child('time-schedule', id, flag, 'upsert')];
        let stored = await (async () => {
          let created: Awaited<ReturnType<typeof b.createTimeSchedule>> | undefined;
          await expectRecorded(
            ctx,
            [id],
            async () => {
              created = await b.createTimeSchedule(timeScheduleInput(flag.id, { id }));
            },
            upsert,
          );
          return created!;
        })();
        await expectRecorded(
          ctx,
          [id],
          async () => {
            stored = await b.updateTimeSchedule({ ...stored, endTime: '18:00' });
          },
          upsert,
        );
        await expectRecorded(ctx, [id], () => b.deleteTimeSchedule(id), [child('time-schedule', id, flag, 'delete')]);
      },
    },
    {
      id: 'feed-records.rollout-phase-writes',
      title:
        'createRolloutPhase, claimRolloutPhase, markRolloutPhaseExecuted and deleteRolloutPhase each record the phase once',
      async run(ctx) {
        const flag = await seedFlag(ctx);
        const id = generateId();
        const b = ctx.backend;
        const upsert = [child('rollout-phase', id, flag, 'upsert')];
        await expectRecorded(ctx, [id], () => b.createRolloutPhase(rolloutPhaseInput(flag.id, 1, { id })), upsert);
        await expectRecorded(ctx, [id], () => b.claimRolloutPhase(id, 'feed-owner', 60_000), upsert);
        await expectRecorded(ctx, [id], () => b.markRolloutPhaseExecuted(id, new Date()), upsert);
        await expectRecorded(ctx, [id], () => b.deleteRolloutPhase(id), [child('rollout-phase', id, flag, 'delete')]);
      },
    },
    {
      id: 'feed-records.segment-writes',
      title: 'createSegment, updateSegment and deleteSegment each record the segment once, without a flag key',
      async run(ctx) {
        const id = generateId();
        const b = ctx.backend;
        const change = (op: ExpectedChange['op']): ExpectedChange => ({ kind: 'segment', id, op });
        await expectRecorded(ctx, [id], () => b.createSegment(segmentInput(ctx, { id })), [change('upsert')]);
        const stored = (await b.getSegment(id))!;
        await expectRecorded(ctx, [id], () => b.updateSegment({ ...stored, description: 'moved' }), [change('upsert')]);
        await expectRecorded(ctx, [id], () => b.deleteSegment(id), [change('delete')]);
      },
    },
    {
      id: 'feed-records.delete-flag-cascade',
      title: 'deleteFlag records the flag and each override, scheduled change, time schedule and phase it removed',
      async run(ctx) {
        const b = ctx.backend;
        const flag = await seedFlag(ctx);
        const override = await b.upsertOverride(overrideInput(flag.id, ENTITY));
        const change = await b.createScheduledChange(scheduledChangeInput(flag.id));
        const schedule = await b.createTimeSchedule(timeScheduleInput(flag.id));
        const phase = await b.createRolloutPhase(rolloutPhaseInput(flag.id, 1));
        const ids = [flag.id, override.id, change.id, schedule.id, phase.id];
        await expectRecorded(ctx, ids, () => b.deleteFlag(flag.key), [
          child('flag', flag.id, flag, 'delete'),
          { ...child('override', override.id, flag, 'delete'), entity: { ...ENTITY } },
          child('scheduled-change', change.id, flag, 'delete'),
          child('time-schedule', schedule.id, flag, 'delete'),
          child('rollout-phase', phase.id, flag, 'delete'),
        ]);
      },
    },
    {
      id: 'feed-records.delete-segment-orphans',
      title: 'deleteSegment records the segment and each child segment whose parent it cleared',
      async run(ctx) {
        const b = ctx.backend;
        const parent = await b.createSegment(segmentInput(ctx));
        const childSegment = await b.createSegment(segmentInput(ctx, { parentSegmentId: parent.id }));
        const other = await b.createSegment(segmentInput(ctx));
        await expectRecorded(ctx, [parent.id, childSegment.id, other.id], () => b.deleteSegment(parent.id), [
          { kind: 'segment', id: parent.id, op: 'delete' },
          { kind: 'segment', id: childSegment.id, op: 'upsert' },
        ]);
      },
    },
    {
      id: 'feed-records.no-op-writes',
      title: 'writes that change nothing (deleting what is absent, a claim refused) record nothing',
      async run(ctx) {
        const b = ctx.backend;
        const flag = await seedFlag(ctx);
        const change = await b.createScheduledChange(scheduledChangeInput(flag.id));
        const phase = await b.createRolloutPhase(rolloutPhaseInput(flag.id, 1));
        expect(await b.claimScheduledChange(change.id, 'holder', 60_000)).toBe(true);
        expect(await b.claimRolloutPhase(phase.id, 'holder', 60_000)).toBe(true);
        const missing = generateId();
        const ids = [flag.id, change.id, phase.id, missing];
        await expectRecorded(
          ctx,
          ids,
          async () => {
            expect(await b.deleteFlag(ctx.unique('absent'))).toBe(false);
            expect(await b.deleteOverride(flag.id, 'user', 'nobody')).toBe(false);
            expect(await b.deleteScheduledChange(missing)).toBe(false);
            expect(await b.deleteTimeSchedule(missing)).toBe(false);
            expect(await b.deleteRolloutPhase(missing)).toBe(false);
            expect(await b.deleteSegment(missing)).toBe(false);
            expect(await b.claimScheduledChange(change.id, 'other', 60_000)).toBe(false);
            expect(await b.claimRolloutPhase(phase.id, 'other', 60_000)).toBe(false);
          },
          [],
        );
      },
    },
  ],
});
