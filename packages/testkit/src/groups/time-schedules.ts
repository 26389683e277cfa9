import { ConflictError, generateId, NotFoundError, type TimeSchedule } from '@flags/core';
import { expect } from 'vitest';
import { byId, expectRecent, expectRejection, idsOf } from '../assertions.js';
import { defineGroup } from '../check.js';
import { compareText } from '../compare.js';
import { seedFlag, timeScheduleInput } from '../fixtures.js';

/** createTimeSchedule, getTimeSchedules, updateTimeSchedule, deleteTimeSchedule, and schedules on flag reads. */
export const timeSchedulesGroup = defineGroup({
  name: 'time-schedules',
  title: 'time schedules',
  checks: [
    {
      id: 'time-schedules.create-stores-defaults',
      title: 'createTimeSchedule stores a schedule with defaults and backend-set timestamps',
      async run(ctx) {
        const flag = await seedFlag(ctx);
        const before = new Date();
        const created = await ctx.backend.createTimeSchedule({ flagId: flag.id, recurrenceType: 'daily' });
        const after = new Date();
        expect(created).toMatchObject({
          flagId: flag.id,
          name: '',
          recurrenceType: 'daily',
          startTime: '00:00',
          endTime: '23:59:59',
          daysOfWeek: null,
          daysOfMonth: null,
          cronExpression: null,
          timezone: 'UTC',
          enabled: true,
          validFrom: null,
          validUntil: null,
        });
        expect(typeof created.id).toBe('string');
        expectRecent(created.createdAt, before, after, 'createdAt');
        expectRecent(created.updatedAt, before, after, 'updatedAt');
        expect(await ctx.backend.getTimeSchedules({ flagId: flag.id })).toStrictEqual([created]);
      },
    },
    {
      id: 'time-schedules.create-unknown-flag-not-found',
      title: 'createTimeSchedule for an unknown flag id throws NotFoundError and writes nothing',
      async run(ctx) {
        const flagId = generateId();
        await expectRejection(
          ctx.backend.createTimeSchedule(timeScheduleInput(flagId)),
          NotFoundError,
          'createTimeSchedule for an unknown flag',
        );
        expect(await ctx.backend.getTimeSchedules({ flagId })).toStrictEqual([]);
      },
    },
    {
      id: 'time-schedules.create-duplicate-id-conflicts',
      title: 'createTimeSchedule with a taken id throws ConflictError and changes nothing',
      async run(ctx) {
        const flag = await seedFlag(ctx);
        const first = await ctx.backend.createTimeSchedule(timeScheduleInput(flag.id));
        await expectRejection(
          ctx.backend.createTimeSchedule(timeScheduleInput(flag.id, { id: first.id, name: 'second' })),
          ConflictError,
          'createTimeSchedule with a taken id',
        );
        expect(await ctx.backend.getTimeSchedules({ flagId: flag.id })).toStrictEqual([first]);
      },
    },
    {
      id: 'time-schedules.get-sorted-and-filtered',
      title: 'getTimeSchedules sorts by flagId, then name, then id, and filters by flagId',
      async run(ctx) {
        const one = await seedFlag(ctx);
        const two = await seedFlag(ctx);
        const create = (flagId: string, name: string) =>
          ctx.backend.createTimeSchedule(timeScheduleInput(flagId, { name }));
        const oneB = await create(one.id, 'bravo');
        const twoA = await create(two.id, 'alpha');
        const oneTie1 = await create(one.id, 'alpha');
        const oneTie2 = await create(one.id, 'alpha');
        const oneTies = [oneTie1, oneTie2].sort((a, b) => compareText(a.id, b.id));
        expect(idsOf(await ctx.backend.getTimeSchedules({ flagId: one.id }))).toStrictEqual(idsOf([...oneTies, oneB]));
        const mine = new Set([one.id, two.id]);
        const all = (await ctx.backend.getTimeSchedules()).filter((s) => mine.has(s.flagId));
        const byFlag = compareText(one.id, two.id) < 0 ? [...oneTies, oneB, twoA] : [twoA, ...oneTies, oneB];
        expect(idsOf(all)).toStrictEqual(idsOf(byFlag));
      },
    },
    {
      id: 'time-schedules.update-replaces',
      title: 'updateTimeSchedule replaces the schedule, keeping createdAt',
      async run(ctx) {
        const flag = await seedFlag(ctx);
        const created = await ctx.backend.createTimeSchedule(timeScheduleInput(flag.id));
        const before = new Date();
        const updated = await ctx.backend.updateTimeSchedule({
          ...created,
          name: 'weekends',
          recurrenceType: 'weekly',
          daysOfWeek: [5, 6],
          startTime: '22:00',
          endTime: '02:00',
          timezone: 'Europe/Berlin',
          enabled: false,
          createdAt: new Date('2001-01-01T00:00:00.000Z'),
        });
        const after = new Date();
        expect(updated).toMatchObject({
          id: created.id,
          name: 'weekends',
          recurrenceType: 'weekly',
          daysOfWeek: [5, 6],
          startTime: '22:00',
          endTime: '02:00',
          timezone: 'Europe/Berlin',
          enabled: false,
        });
        expect(updated.createdAt.getTime(), 'createdAt kept').toBe(created.createdAt.getTime());
        expectRecent(updated.updatedAt, before, after, 'updatedAt');
        expect(await ctx.backend.getTimeSchedules({ flagId: flag.id })).toStrictEqual([updated]);
      },
    },
    {
      id: 'time-schedules.update-missing-not-found',
      title: 'updateTimeSchedule of an unknown id throws NotFoundError and writes nothing',
      async run(ctx) {
        const flag = await seedFlag(ctx);
        await expectRejection(
          ctx.backend.updateTimeSchedule(timeScheduleInput(flag.id, { id: generateId() })),
          NotFoundError,
          'updateTimeSchedule of an unknown id',
        );
        expect(await ctx.backend.getTimeSchedules({ flagId: flag.id })).toStrictEqual([]);
      },
    },
    {
      id: 'time-schedules.delete-returns-boolean',
      title: 'deleteTimeSchedule returns true and removes only that schedule; false for an unknown id',
      async run(ctx) {
        const flag = await seedFlag(ctx);
        const doomed = await ctx.backend.createTimeSchedule(timeScheduleInput(flag.id, { name: 'doomed' }));
        const kept = await ctx.backend.createTimeSchedule(timeScheduleInput(flag.id, { name: 'kept' }));
        expect(await ctx.backend.deleteTimeSchedule(doomed.id)).toBe(true);
        expect(await ctx.backend.getTimeSchedules({ flagId: flag.id })).toStrictEqual([kept]);
        expect((await ctx.backend.getFlag(flag.key))?.timeSchedules).toStrictEqual([kept]);
        expect(await ctx.backend.deleteTimeSchedule(doomed.id), 'second delete').toBe(false);
        expect(await ctx.backend.deleteTimeSchedule(generateId()), 'unknown id').toBe(false);
      },
    },
    {
      id: 'time-schedules.filled-on-flag-reads',
      title: "every flag read fills timeSchedules with exactly that flag's schedules",
      async run(ctx) {
        const prefix = ctx.unique('sched');
        const withTwo = await seedFlag(ctx, { key: `${prefix}-a` });
        const withOne = await seedFlag(ctx, { key: `${prefix}-b` });
        const withNone = await seedFlag(ctx, { key: `${prefix}-c` });
        const expected = new Map([
          [withTwo.key, [] as TimeSchedule[]],
          [withOne.key, []],
          [withNone.key, []],
        ]);
        expected
          .get(withTwo.key)!
          .push(
            await ctx.backend.createTimeSchedule(
              timeScheduleInput(withTwo.id, { name: 'mornings', startTime: '06:00' }),
            ),
            await ctx.backend.createTimeSchedule(
              timeScheduleInput(withTwo.id, { name: 'cron', recurrenceType: 'cron', cronExpression: '0 9 * * 1-5' }),
            ),
          );
        expected.get(withOne.key)!.push(await ctx.backend.createTimeSchedule(timeScheduleInput(withOne.id)));
        const keys = [...expected.keys()];
        const reads = {
          getFlag: await Promise.all(keys.map((key) => ctx.backend.getFlag(key))),
          getFlags: [...(await ctx.backend.getFlags(keys)).values()],
          getAllFlags: await ctx.backend.getAllFlags(),
          getAllActiveFlags: await ctx.backend.getAllActiveFlags(),
        };
        for (const [read, flags] of Object.entries(reads)) {
          for (const [key, schedules] of expected) {
            const flag = flags.find((f) => f?.key === key);
            expect(flag, `${read} finds ${key}`).toBeDefined();
            expect(byId(flag!.timeSchedules), `${read}(${key}).timeSchedules`).toStrictEqual(byId(schedules));
          }
        }
      },
    },
  ],
});
