import type { FeatureFlagInput, RolloutPhase, ScheduledFlagChange, TimeSchedule } from '@flags/core';
import { expect } from 'vitest';
import { byId } from '../assertions.js';
import { defineGroup } from '../check.js';
import { flagInput, overrideInput, rolloutPhaseInput, scheduledChangeInput, seedFlag } from '../fixtures.js';
import { largeMetadata, NESTED_JSON, TRICKY_DATES, TRICKY_NUMBERS, TRICKY_STRINGS } from '../round-trip-data.js';

const [DATE_ZERO_MS, DATE_MS, DATE_AFTER_2038] = TRICKY_DATES as [Date, Date, Date];

/** Values survive the store exactly: unicode, nested JSON, nulls, numbers, ms-precision dates, large data. */
export const roundTripGroup = defineGroup({
  name: 'round-trip',
  title: 'round-trip fidelity',
  checks: [
    {
      id: 'round-trip.flag-fidelity',
      title: 'a flag with unicode, tricky strings and nested JSON everywhere reads back exactly as given',
      async run(ctx) {
        const input = flagInput(ctx, {
          name: 'Ünïcødé flag 🚀 中文',
          description: 'line one\nline two — «quoted» \u2028 end',
          tags: ['émoji 🚀', '007', 'null', ''],
          metadata: NESTED_JSON,
          rules: [
            {
              name: 'règle 1 ✓',
              description: null,
              priority: 5,
              conditions: [
                { attribute: 'email', operator: 'in', value: [...TRICKY_STRINGS] },
                { attribute: 'score', operator: 'gte', value: 0 },
                { attribute: 'ünïcødé', operator: 'ne', value: null },
                { attribute: 'signupDate', operator: 'date_after', value: '2024-02-29T23:59:59.999Z' },
              ],
              serveEnabled: false,
              rolloutPercentage: 0,
            },
          ],
          variants: [
            { key: 'a', name: 'A 🅰', description: '', value: { enabled: true, config: NESTED_JSON }, weight: 1 },
            { key: 'b', name: 'B', value: {}, weight: 99 },
          ],
        });
        const created = await ctx.backend.createFlag(input);
        const read = await ctx.backend.getFlag(input.key);
        expect(read).toStrictEqual(created);
        expect(read).toMatchObject({ name: input.name, description: input.description, tags: input.tags });
        expect(read?.metadata).toStrictEqual(NESTED_JSON);
        expect(read?.rules[0]).toMatchObject({ ...input.rules![0], conditions: input.rules![0]!.conditions });
        expect(read?.variants.map((v) => [v.key, v.name, v.description, v.value, v.weight])).toStrictEqual([
          ['a', 'A 🅰', '', { enabled: true, config: NESTED_JSON }, 1],
          ['b', 'B', null, {}, 99],
        ]);
        expect((await ctx.backend.getFlags([input.key])).get(input.key)).toStrictEqual(created);
      },
    },
    {
      id: 'round-trip.typed-flag-values',
      title: 'string, number and json default and served values, null and empty descriptions, keep type and value',
      async run(ctx) {
        const inputs: FeatureFlagInput[] = [
          flagInput(ctx, {
            flagType: 'string',
            defaultValue: '',
            description: null,
            rules: [{ serveValue: '{"a":1}' }],
          }),
          flagInput(ctx, { flagType: 'string', defaultValue: 'null', description: '', rules: [{ serveValue: '0' }] }),
          // -0 is left out on purpose: JSON has no negative zero.
          ...TRICKY_NUMBERS.map((n) =>
            flagInput(ctx, { flagType: 'number', defaultValue: n, rules: [{ serveValue: n === 0 ? 1 : -n }] }),
          ),
          flagInput(ctx, { flagType: 'json', defaultValue: NESTED_JSON, rules: [{ serveValue: { list: [null, 0] } }] }),
          flagInput(ctx, { flagType: 'json', defaultValue: { empty: {} }, rules: [{ serveValue: {} }] }),
        ];
        for (const input of inputs) {
          const created = await ctx.backend.createFlag(input);
          const read = await ctx.backend.getFlag(input.key);
          expect(read, `${input.flagType} flag ${JSON.stringify(input.defaultValue)}`).toStrictEqual(created);
          expect(read?.defaultValue).toStrictEqual(input.defaultValue);
          expect(read?.description).toBe(input.description ?? null);
          expect(read?.rules[0]?.serveValue).toStrictEqual(input.rules![0]!.serveValue);
        }
      },
    },
    {
      id: 'round-trip.large-values',
      title: 'a flag with ~170 KB of metadata and a 255-character key reads back exactly',
      async run(ctx) {
        const metadata = largeMetadata(100);
        const stem = ctx.unique('long');
        const key = stem + 'k'.repeat(255 - stem.length);
        const created = await ctx.backend.createFlag({ key, metadata });
        const read = await ctx.backend.getFlag(key);
        expect(read?.key).toBe(key);
        expect(read).toStrictEqual(created);
        expect(read?.metadata).toStrictEqual(metadata);
      },
    },
    {
      id: 'round-trip.override-fidelity',
      title: 'overrides keep unicode entities, falsy and JSON-looking values, and expiresAt to the ms',
      async run(ctx) {
        const flag = await seedFlag(ctx, { flagType: 'json', defaultValue: {} });
        const values = [0, false, '', '{"a":1}', 'null', null, NESTED_JSON, [1, 'two', null]];
        const stored = [];
        for (const [i, value] of values.entries()) {
          stored.push(
            await ctx.backend.upsertOverride(
              overrideInput(flag.id, {
                entityType: i % 2 ? 'équipe' : 'user',
                entityId: `👩‍💻 ${i} user@example.com`,
                enabled: i % 3 === 0,
                value,
                expiresAt: i % 2 ? DATE_AFTER_2038 : null,
              }),
            ),
          );
        }
        expect(byId(await ctx.backend.listOverrides(flag.id))).toStrictEqual(byId(stored));
        for (const [i, override] of stored.entries()) {
          const read = await ctx.backend.getOverride(flag.id, override.entityType, override.entityId);
          expect(read, `override ${i}`).toStrictEqual(override);
          expect(read?.value, `value ${JSON.stringify(values[i])}`).toStrictEqual(values[i]);
          expect(read?.expiresAt?.getTime() ?? null).toBe(i % 2 ? DATE_AFTER_2038.getTime() : null);
        }
      },
    },
    {
      id: 'round-trip.segment-fidelity',
      title: 'segments keep unicode names and descriptions and conditions of every value shape',
      async run(ctx) {
        const name = `${ctx.unique('segment')} Bêta testers 🧪`;
        const conditions = [
          { attribute: 'email', operator: 'ends_with' as const, value: '@exämple.com' },
          { attribute: 'country', operator: 'not_in' as const, value: [...TRICKY_STRINGS] },
          { attribute: 'age', operator: 'gt' as const, value: 17.5 },
          {
            attribute: 'timestamp',
            operator: 'time_window' as const,
            value: { start: '09:00', end: '17:00', timezone: 'Asia/Kolkata' },
          },
        ];
        const created = await ctx.backend.createSegment({
          name,
          description: '多行\n描述',
          conditions,
          enabled: false,
        });
        const read = await ctx.backend.getSegmentByName(name);
        expect(read).toStrictEqual(created);
        expect(read).toMatchObject({ name, description: '多行\n描述', enabled: false, parentSegmentId: null });
        expect(read?.conditions).toStrictEqual(conditions);
        expect(await ctx.backend.getSegment(created.id)).toStrictEqual(created);
      },
    },
    {
      id: 'round-trip.scheduled-change-fidelity',
      title: 'scheduled changes keep JSON values, a 0 % rollout, unicode authors and dates to the ms',
      async run(ctx) {
        const flag = await seedFlag(ctx, { flagType: 'json', defaultValue: {} });
        const inputs = [
          scheduledChangeInput(flag.id, { changeType: 'update_value', newValue: NESTED_JSON, scheduledAt: DATE_MS }),
          scheduledChangeInput(flag.id, {
            changeType: 'update_rollout',
            newRolloutPercentage: 0,
            scheduledAt: DATE_AFTER_2038,
            createdBy: 'Zoë 🛠',
          }),
          scheduledChangeInput(flag.id, { changeType: 'update_value', newValue: 'null', scheduledAt: DATE_ZERO_MS }),
        ];
        const created: ScheduledFlagChange[] = [];
        for (const input of inputs) created.push(await ctx.backend.createScheduledChange(input));
        const read = await ctx.backend.getScheduledChanges({ flagId: flag.id, pendingOnly: false });
        expect(byId(read)).toStrictEqual(byId(created));
        for (const [i, input] of inputs.entries()) {
          const change = read.find((c) => c.id === created[i]!.id);
          expect(change?.scheduledAt.getTime()).toBe(input.scheduledAt.getTime());
          expect(change?.newValue).toStrictEqual(input.newValue ?? null);
          expect(change?.newRolloutPercentage).toBe(input.newRolloutPercentage ?? null);
          expect(change?.createdBy).toBe(input.createdBy ?? null);
        }
      },
    },
    {
      id: 'round-trip.time-schedule-fidelity',
      title: 'time schedules keep cron, days, odd timezones, seconds and validity dates to the ms',
      async run(ctx) {
        const flag = await seedFlag(ctx);
        const inputs = [
          {
            flagId: flag.id,
            name: 'cron ⏰',
            recurrenceType: 'cron' as const,
            cronExpression: '*/15 9-17 * * 1-5',
            timezone: 'America/St_Johns',
            startTime: '08:30:15',
            endTime: '23:59:59',
            validFrom: DATE_MS,
            validUntil: DATE_AFTER_2038,
          },
          {
            flagId: flag.id,
            name: 'weekly',
            recurrenceType: 'weekly' as const,
            daysOfWeek: [0, 6],
            timezone: 'Asia/Kathmandu',
          },
          {
            flagId: flag.id,
            name: 'monthly',
            recurrenceType: 'monthly' as const,
            daysOfMonth: [1, 31],
            enabled: false,
          },
        ];
        const created: TimeSchedule[] = [];
        for (const input of inputs) created.push(await ctx.backend.createTimeSchedule(input));
        const read = await ctx.backend.getTimeSchedules({ flagId: flag.id });
        expect(byId(read)).toStrictEqual(byId(created));
        for (const [i, input] of inputs.entries()) expect(created[i]).toMatchObject(input);
        expect(byId((await ctx.backend.getFlag(flag.key))?.timeSchedules ?? [])).toStrictEqual(byId(created));
      },
    },
    {
      id: 'round-trip.rollout-phase-fidelity',
      title: 'rollout phases keep 0 % and 100 % targets and dates to the ms',
      async run(ctx) {
        const flag = await seedFlag(ctx);
        const inputs = [
          rolloutPhaseInput(flag.id, 1, { targetPercentage: 0, scheduledAt: DATE_ZERO_MS }),
          rolloutPhaseInput(flag.id, 2, { targetPercentage: 100, scheduledAt: DATE_AFTER_2038 }),
        ];
        const created: RolloutPhase[] = [];
        for (const input of inputs) created.push(await ctx.backend.createRolloutPhase(input));
        const read = await ctx.backend.getRolloutPhases(flag.id);
        expect(read).toStrictEqual(created);
        for (const [i, input] of inputs.entries()) expect(read[i]).toMatchObject(input);
      },
    },
  ],
});
