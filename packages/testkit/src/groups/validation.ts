import { type Operator, ValidationError } from '@flags/core';
import { expect } from 'vitest';
import { expectRejection } from '../assertions.js';
import { defineGroup } from '../check.js';
import {
  flagInput,
  overrideInput,
  rolloutPhaseInput,
  scheduledChangeInput,
  seedFlag,
  segmentInput,
  timeScheduleInput,
} from '../fixtures.js';

// Inputs a caller without types could send; the casts are the point.
const UNKNOWN_OPERATOR = 'equals' as Operator;
const NOT_A_BOOLEAN = 'yes' as unknown as boolean;

/**
 * Asserts that `write` rejects with a ValidationError one of whose issues has a path containing
 * `field`, then runs `nothingWritten` (which asserts the store is unchanged).
 */
async function expectInvalid(
  what: string,
  field: string,
  write: () => Promise<unknown>,
  nothingWritten: () => Promise<void>,
): Promise<void> {
  const error = await expectRejection(write(), ValidationError, what);
  const paths = error.issues.map((issue) => issue.path);
  expect(
    paths.some((path) => path.includes(field)),
    `${what}: an issue names "${field}" (paths: ${JSON.stringify(paths)})`,
  ).toBe(true);
  await nothingWritten();
}

/** Bad input rejects with ValidationError naming the field, and nothing is written. */
export const validationGroup = defineGroup({
  name: 'validation',
  title: 'validation (nothing written on bad input)',
  checks: [
    {
      id: 'validation.create-flag-writes-nothing',
      title: 'createFlag of an invalid flag throws ValidationError naming the field and stores nothing',
      async run(ctx) {
        const cases = [
          { field: 'key', input: { key: `9${ctx.unique('flag')}` } },
          {
            field: 'rules[0].conditions[0].operator',
            input: flagInput(ctx, { rules: [{ conditions: [{ attribute: 'plan', operator: UNKNOWN_OPERATOR }] }] }),
          },
          { field: 'rules[0].rolloutPercentage', input: flagInput(ctx, { rules: [{ rolloutPercentage: 150 }] }) },
          {
            field: 'variants',
            input: flagInput(ctx, {
              variants: [
                { key: 'a', weight: 40 },
                { key: 'b', weight: 50 },
              ],
            }),
          },
          { field: 'defaultValue', input: flagInput(ctx, { flagType: 'number', defaultValue: 'five' }) },
        ];
        for (const { field, input } of cases) {
          await expectInvalid(
            `createFlag with a bad ${field}`,
            field,
            () => ctx.backend.createFlag(input),
            async () => {
              expect(await ctx.backend.getFlag(input.key), `nothing stored under ${input.key}`).toBeNull();
              expect((await ctx.backend.getAllFlags()).some((f) => f.key === input.key)).toBe(false);
            },
          );
        }
      },
    },
    {
      id: 'validation.update-flag-writes-nothing',
      title: 'updateFlag with an invalid flag throws ValidationError and leaves the stored flag as it was',
      async run(ctx) {
        const stored = await seedFlag(ctx, { flagType: 'string', defaultValue: 'kept' });
        const unchanged = async () => expect(await ctx.backend.getFlag(stored.key)).toStrictEqual(stored);
        const badRule = { conditions: [{ attribute: 'plan', operator: UNKNOWN_OPERATOR }], serveValue: 'x' };
        await expectInvalid(
          'updateFlag with an unknown operator',
          'rules[0].conditions[0].operator',
          () => ctx.backend.updateFlag({ ...stored, name: 'changed', rules: [badRule] }),
          unchanged,
        );
        await expectInvalid(
          'updateFlag with a mistyped defaultValue',
          'defaultValue',
          () => ctx.backend.updateFlag({ ...stored, defaultValue: 42 }),
          unchanged,
        );
      },
    },
    {
      id: 'validation.upsert-override-writes-nothing',
      title: 'upsertOverride of an invalid override throws ValidationError and neither creates nor replaces',
      async run(ctx) {
        const flag = await seedFlag(ctx);
        await expectInvalid(
          'upsertOverride of a new override',
          'enabled',
          () => ctx.backend.upsertOverride(overrideInput(flag.id, { entityId: 'new', enabled: NOT_A_BOOLEAN })),
          async () => expect(await ctx.backend.getOverride(flag.id, 'user', 'new')).toBeNull(),
        );
        const existing = await ctx.backend.upsertOverride(overrideInput(flag.id, { entityId: 'old' }));
        await expectInvalid(
          'upsertOverride replacing an override',
          'enabled',
          () => ctx.backend.upsertOverride(overrideInput(flag.id, { entityId: 'old', enabled: NOT_A_BOOLEAN })),
          async () => expect(await ctx.backend.listOverrides(flag.id)).toStrictEqual([existing]),
        );
      },
    },
    {
      id: 'validation.segment-writes-nothing',
      title: 'createSegment and updateSegment of an invalid segment throw ValidationError and write nothing',
      async run(ctx) {
        const bad = [{ attribute: 'plan', operator: UNKNOWN_OPERATOR, value: 'pro' }];
        const input = segmentInput(ctx, { conditions: bad });
        await expectInvalid(
          'createSegment with an unknown operator',
          'conditions[0].operator',
          () => ctx.backend.createSegment(input),
          async () => expect(await ctx.backend.getSegmentByName(input.name)).toBeNull(),
        );
        const stored = await ctx.backend.createSegment(segmentInput(ctx));
        await expectInvalid(
          'updateSegment with an unknown operator',
          'conditions[0].operator',
          () => ctx.backend.updateSegment({ ...stored, description: 'changed', conditions: bad }),
          async () => expect(await ctx.backend.getSegment(stored.id)).toStrictEqual(stored),
        );
      },
    },
    {
      id: 'validation.scheduled-change-writes-nothing',
      title: 'create/updateScheduledChange of an invalid change throw ValidationError and write nothing',
      async run(ctx) {
        const flag = await seedFlag(ctx);
        const list = () => ctx.backend.getScheduledChanges({ flagId: flag.id, pendingOnly: false });
        await expectInvalid(
          'createScheduledChange with a rollout of 150',
          'newRolloutPercentage',
          () =>
            ctx.backend.createScheduledChange(
              scheduledChangeInput(flag.id, { changeType: 'update_rollout', newRolloutPercentage: 150 }),
            ),
          async () => expect(await list()).toStrictEqual([]),
        );
        const stored = await ctx.backend.createScheduledChange(scheduledChangeInput(flag.id));
        await expectInvalid(
          'updateScheduledChange with a rollout of -1',
          'newRolloutPercentage',
          () =>
            ctx.backend.updateScheduledChange({ ...stored, changeType: 'update_rollout', newRolloutPercentage: -1 }),
          async () => expect(await list()).toStrictEqual([stored]),
        );
      },
    },
    {
      id: 'validation.time-schedule-writes-nothing',
      title: 'create/updateTimeSchedule of an invalid schedule throw ValidationError and write nothing',
      async run(ctx) {
        const flag = await seedFlag(ctx);
        const list = () => ctx.backend.getTimeSchedules({ flagId: flag.id });
        await expectInvalid(
          'createTimeSchedule with an unknown timezone',
          'timezone',
          () => ctx.backend.createTimeSchedule(timeScheduleInput(flag.id, { timezone: 'Mars/Olympus_Mons' })),
          async () => expect(await list()).toStrictEqual([]),
        );
        const stored = await ctx.backend.createTimeSchedule(timeScheduleInput(flag.id));
        await expectInvalid(
          'updateTimeSchedule with a start time of 25:00',
          'startTime',
          () => ctx.backend.updateTimeSchedule({ ...stored, startTime: '25:00' }),
          async () => {
            expect(await list()).toStrictEqual([stored]);
            expect((await ctx.backend.getFlag(flag.key))?.timeSchedules).toStrictEqual([stored]);
          },
        );
      },
    },
    {
      id: 'validation.create-rollout-phase-writes-nothing',
      title: 'createRolloutPhase of an invalid phase throws ValidationError and writes nothing',
      async run(ctx) {
        const flag = await seedFlag(ctx);
        await expectInvalid(
          'createRolloutPhase with a target of 150',
          'targetPercentage',
          () => ctx.backend.createRolloutPhase(rolloutPhaseInput(flag.id, 1, { targetPercentage: 150 })),
          async () => {
            expect(await ctx.backend.getRolloutPhases(flag.id)).toStrictEqual([]);
            expect((await ctx.backend.getPendingRolloutPhases()).some((p) => p.flagId === flag.id)).toBe(false);
          },
        );
      },
    },
  ],
});
