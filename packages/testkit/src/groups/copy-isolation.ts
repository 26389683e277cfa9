import { expect } from 'vitest';
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

/**
 * Mutates everything reachable from `value` in place: strings, numbers and booleans of objects
 * change, arrays grow, objects gain a key, Dates move to 1970, Maps' values are mutated too.
 */
export function vandalise(value: unknown): void {
  if (value instanceof Date) {
    value.setTime(0);
  } else if (value instanceof Map) {
    for (const entry of value.values()) vandalise(entry);
  } else if (Array.isArray(value)) {
    for (const item of value) vandalise(item);
    value.push('vandalised');
  } else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    for (const [key, field] of Object.entries(record)) {
      if (typeof field === 'string') record[key] = `${field}-vandalised`;
      else if (typeof field === 'number') record[key] = field + 1;
      else if (typeof field === 'boolean') record[key] = !field;
      else vandalise(field);
    }
    record.vandalised = true;
  }
}

/** Reads `current()` now, vandalises everything `returned` holds, and asserts `current()` did not change. */
async function expectUntouched<T>(what: string, current: () => Promise<T>, returned: unknown[]): Promise<void> {
  const expected = structuredClone(await current());
  for (const value of returned) vandalise(value);
  expect(await current(), `${what}: mutating what the backend returned or was given changed the store`).toStrictEqual(
    expected,
  );
}

/** Mutating what a read returned, or what a write was given or returned, never changes what is stored. */
export const copyIsolationGroup = defineGroup({
  name: 'copy-isolation',
  title: 'copy isolation',
  checks: [
    {
      id: 'copy-isolation.flag-reads',
      title: 'mutating flags returned by getFlag, getFlags, getAllFlags and getAllActiveFlags changes nothing stored',
      async run(ctx) {
        const flag = await ctx.backend.createFlag(richFlagInput(ctx));
        await ctx.backend.createTimeSchedule(
          timeScheduleInput(flag.id, { daysOfWeek: [0, 1], recurrenceType: 'weekly' }),
        );
        const mine = (flags: { key: string }[]) => flags.filter((f) => f.key === flag.key);
        await expectUntouched('flag reads', () => ctx.backend.getFlag(flag.key), [
          await ctx.backend.getFlag(flag.key),
          await ctx.backend.getFlags([flag.key]),
          mine(await ctx.backend.getAllFlags()),
          mine(await ctx.backend.getAllActiveFlags()),
        ]);
      },
    },
    {
      id: 'copy-isolation.flag-writes',
      title: 'mutating the input or the result of createFlag and updateFlag changes nothing stored',
      async run(ctx) {
        const input = richFlagInput(ctx);
        const key = input.key;
        const created = await ctx.backend.createFlag(input);
        await expectUntouched('createFlag', () => ctx.backend.getFlag(key), [input, created]);
        const update = {
          ...(await ctx.backend.getFlag(key))!,
          name: 'updated',
          metadata: { nested: { list: [1, 2] } },
        };
        const updated = await ctx.backend.updateFlag(update);
        await expectUntouched('updateFlag', () => ctx.backend.getFlag(key), [update, updated]);
      },
    },
    {
      id: 'copy-isolation.overrides',
      title: 'mutating overrides given to or returned by any override method changes nothing stored',
      async run(ctx) {
        const flag = await seedFlag(ctx, { flagType: 'json', defaultValue: { plan: 'free' } });
        const input = overrideInput(flag.id, { value: { plan: 'pro', seats: [1, 2] }, expiresAt: inMs(3_600_000) });
        const { entityType, entityId } = input;
        const entity = [{ entityType, entityId }];
        const current = () => ctx.backend.getOverride(flag.id, entityType, entityId);
        const upserted = await ctx.backend.upsertOverride(input);
        await expectUntouched('upsertOverride', current, [input, upserted]);
        await expectUntouched('override reads', current, [
          await current(),
          await ctx.backend.getOverrides(flag.id, entity),
          await ctx.backend.getOverridesForFlags([flag.id], entity),
          await ctx.backend.listOverrides(flag.id),
        ]);
      },
    },
    {
      id: 'copy-isolation.segments',
      title: 'mutating segments given to or returned by any segment method changes nothing stored',
      async run(ctx) {
        const parent = await ctx.backend.createSegment(segmentInput(ctx));
        const input = segmentInput(ctx, {
          parentSegmentId: parent.id,
          conditions: [{ attribute: 'country', operator: 'in', value: ['DE', 'AT'] }],
        });
        const created = await ctx.backend.createSegment(input);
        const { id, name } = created;
        const current = () => ctx.backend.getSegment(id);
        await expectUntouched('createSegment', current, [input, created]);
        await expectUntouched('segment reads', current, [
          await current(),
          await ctx.backend.getSegmentByName(name),
          (await ctx.backend.getAllSegments()).filter((s) => s.id === id),
          await ctx.backend.getChildSegments(parent.id),
        ]);
        const update = { ...(await current())!, description: 'updated' };
        const updated = await ctx.backend.updateSegment(update);
        await expectUntouched('updateSegment', current, [update, updated]);
      },
    },
    {
      id: 'copy-isolation.scheduled-changes',
      title: 'mutating scheduled changes given to or returned by any of their methods changes nothing stored',
      async run(ctx) {
        const flag = await seedFlag(ctx, { flagType: 'json', defaultValue: { a: 1 } });
        const input = scheduledChangeInput(flag.id, { changeType: 'update_value', newValue: { a: [2, 3] } });
        const current = () => ctx.backend.getScheduledChanges({ flagId: flag.id, pendingOnly: false });
        const created = await ctx.backend.createScheduledChange(input);
        await expectUntouched('createScheduledChange', current, [input, created]);
        await expectUntouched('getScheduledChanges', current, [
          await current(),
          await ctx.backend.getScheduledChanges(),
        ]);
        const update = { ...(await current())[0]!, newValue: { a: [4] } };
        const updated = await ctx.backend.updateScheduledChange(update);
        await expectUntouched('updateScheduledChange', current, [update, updated]);
      },
    },
    {
      id: 'copy-isolation.time-schedules',
      title:
        'mutating time schedules given to or returned by any of their methods, or on a flag, changes nothing stored',
      async run(ctx) {
        const flag = await seedFlag(ctx);
        const input = timeScheduleInput(flag.id, {
          recurrenceType: 'monthly',
          daysOfMonth: [1, 15],
          validFrom: new Date('2030-01-01T00:00:00.000Z'),
        });
        const current = () => ctx.backend.getTimeSchedules({ flagId: flag.id });
        const created = await ctx.backend.createTimeSchedule(input);
        await expectUntouched('createTimeSchedule', current, [input, created]);
        await expectUntouched('time schedule reads', current, [
          await current(),
          await ctx.backend.getTimeSchedules(),
          (await ctx.backend.getFlag(flag.key))?.timeSchedules,
        ]);
        const update = { ...(await current())[0]!, daysOfMonth: [2] };
        const updated = await ctx.backend.updateTimeSchedule(update);
        await expectUntouched('updateTimeSchedule', current, [update, updated]);
      },
    },
    {
      id: 'copy-isolation.rollout-phases',
      title: 'mutating rollout phases given to or returned by any of their methods changes nothing stored',
      async run(ctx) {
        const flag = await seedFlag(ctx);
        const input = rolloutPhaseInput(flag.id, 1);
        const current = () => ctx.backend.getRolloutPhases(flag.id);
        const created = await ctx.backend.createRolloutPhase(input);
        await expectUntouched('createRolloutPhase', current, [input, created]);
        await expectUntouched('rollout phase reads', current, [
          await current(),
          (await ctx.backend.getPendingRolloutPhases()).filter((p) => p.flagId === flag.id),
        ]);
      },
    },
  ],
});
