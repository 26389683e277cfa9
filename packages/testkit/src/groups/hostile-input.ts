import { FeatureFlagClient, type FlagOverride, type StorageBackend, ValidationError } from '@flags/core';
import { expect } from 'vitest';
import { expectRejection } from '../assertions.js';
import { defineGroup } from '../check.js';
import { flagInput, overrideInput, seedFlag, segmentInput } from '../fixtures.js';

const LONGEST = 'k'.repeat(255);
/** What no record can hold: NUL, lone surrogates, texts past 255 characters (one a stored value's prefix). */
const UNSTORABLE = ['nul\u0000inside', 'x\uD800', 'x\uDFFF', `${LONGEST}-someone-else`, 'y'.repeat(5_000)];
/** U+FFFD, what UTF-8 encoders turn a lone surrogate into: a stored value lookups of `x\uD800` must not reach. */
const REPLACED = 'x\uFFFD';

/** `value` ≥ 2^31 and the like: what signed 32-bit SQL columns cannot hold. */
const PAST_INT32 = [2 ** 31, 2 ** 40, -(2 ** 31) - 1];

/** A JSON object nested `depth` containers deep. */
function nested(depth: number): Record<string, unknown> {
  let value: unknown = 'bottom';
  for (let level = depth - 1; level >= 0; level--) value = level % 2 ? [value] : { k: value };
  return value as Record<string, unknown>;
}

/** Asserts `write` rejects with a ValidationError one of whose issues names `field`. */
async function expectRefused(what: string, field: string, write: () => Promise<unknown>): Promise<void> {
  const error = await expectRejection(write(), ValidationError, what);
  const paths = error.issues.map((issue) => issue.path);
  expect(
    paths.some((path) => path.startsWith(field)),
    `${what}: an issue names "${field}" (${paths.join(', ')})`,
  ).toBe(true);
}

/** The answer of a call that must resolve; a rejection fails the check (an assertion, not a crash). */
async function answer<T>(what: string, promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    return expect.fail(`${what} must answer, it rejected: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function expectNothingFound(backend: StorageBackend, flagId: string, value: string): Promise<void> {
  const user = [{ entityType: 'user', entityId: value }];
  const none: [string, () => Promise<unknown>, unknown][] = [
    ['getFlag', () => backend.getFlag(value), null],
    ['getFlags', async () => (await backend.getFlags([value])).size, 0],
    ['getOverride', () => backend.getOverride(flagId, 'user', value), null],
    ['getOverride by flag id', () => backend.getOverride(value, 'user', 'user-1'), null],
    ['getOverrides', () => backend.getOverrides(flagId, user), []],
    ['getOverridesForFlags', () => backend.getOverridesForFlags([flagId], user), []],
    ['listOverrides', () => backend.listOverrides(value), []],
    ['getSegment', () => backend.getSegment(value), null],
    ['getSegmentByName', () => backend.getSegmentByName(value), null],
    ['getChildSegments', () => backend.getChildSegments(value), []],
    ['getRolloutPhases', () => backend.getRolloutPhases(value), []],
    ['getScheduledChanges', () => backend.getScheduledChanges({ flagId: value }), []],
    ['getTimeSchedules', () => backend.getTimeSchedules({ flagId: value }), []],
    ['deleteOverride', () => backend.deleteOverride(flagId, 'user', value), false],
    ['deleteSegment', () => backend.deleteSegment(value), false],
    ['deleteFlag', () => backend.deleteFlag(value), false],
  ];
  for (const [call, run, expected] of none) {
    const what = `${call} of ${JSON.stringify(value.slice(0, 40))}`;
    expect(await answer(what, run()), what).toStrictEqual(expected);
  }
}

/** Input no backend could store exactly: the same ValidationError on every backend, and lookups that find nothing. */
export const hostileInputGroup = defineGroup({
  name: 'hostile-input',
  title: 'hostile input (unstorable text, values past the limits, hostile contexts)',
  checks: [
    {
      id: 'hostile-input.unstorable-lookups-find-nothing',
      title:
        'lookups and deletes of NUL, lone surrogates or over-long text find nothing and never fail — not the record a driver would turn them into',
      async run(ctx) {
        const flag = await seedFlag(ctx);
        const stored: FlagOverride[] = [];
        for (const entityId of [REPLACED, LONGEST, 'user-1']) {
          stored.push(await ctx.backend.upsertOverride(overrideInput(flag.id, { entityId })));
        }
        const segment = await ctx.backend.createSegment(segmentInput(ctx, { id: `${ctx.unique('segment')}\uFFFD` }));
        for (const value of UNSTORABLE) await expectNothingFound(ctx.backend, flag.id, value);
        expect(await ctx.backend.getSegment(segment.id.replace('\uFFFD', '\uD800')), 'a segment id').toBeNull();
        // Nothing was deleted, and one storable entity among unstorable ones is still found.
        const byEntity = (a: FlagOverride, b: FlagOverride) => (a.entityId < b.entityId ? -1 : 1);
        expect([...(await ctx.backend.listOverrides(flag.id))].sort(byEntity)).toStrictEqual(
          [...stored].sort(byEntity),
        );
        expect(await ctx.backend.getSegment(segment.id)).toStrictEqual(segment);
        const entities = [...UNSTORABLE, REPLACED].map((entityId) => ({ entityType: 'user', entityId }));
        expect(await ctx.backend.getOverrides(flag.id, entities)).toStrictEqual([stored[0]]);
      },
    },
    {
      id: 'hostile-input.ill-formed-text-refused',
      title:
        'a write holding a lone surrogate or NUL in any string is a ValidationError naming the field; nothing is written',
      async run(ctx) {
        const flag = await seedFlag(ctx);
        const key = ctx.unique('flag');
        await expectRefused('createFlag with an ill-formed metadata key', 'metadata', () =>
          ctx.backend.createFlag(flagInput(ctx, { key, metadata: { 'x\uD800': 1 } })),
        );
        await expectRefused('createFlag with an ill-formed tag', 'tags[0]', () =>
          ctx.backend.createFlag(flagInput(ctx, { key, tags: ['x\uDFFF'] })),
        );
        expect(await ctx.backend.getFlag(key), 'nothing stored').toBeNull();
        for (const entityId of ['x\uD800', 'x\uDFFF', 'a\u0000b']) {
          await expectRefused('upsertOverride with an ill-formed entityId', 'entityId', () =>
            ctx.backend.upsertOverride(overrideInput(flag.id, { entityId })),
          );
        }
        expect(await ctx.backend.listOverrides(flag.id), 'no override stored').toStrictEqual([]);
        const name = `${ctx.unique('segment')}\uD800`;
        await expectRefused('createSegment with an ill-formed name', 'name', () =>
          ctx.backend.createSegment(segmentInput(ctx, { name })),
        );
        await expectRefused('createScheduledChange with a NUL in createdBy', 'createdBy', () =>
          ctx.backend.createScheduledChange({
            flagId: flag.id,
            changeType: 'enable',
            scheduledAt: new Date(Date.now() + 3_600_000),
            createdBy: 'a\u0000b',
          }),
        );
        expect(await ctx.backend.getScheduledChanges({ flagId: flag.id }), 'no change stored').toStrictEqual([]);
      },
    },
    {
      id: 'hostile-input.limits-refused',
      title: "values past core's LIMITS are a ValidationError naming the field on every backend; nothing is written",
      async run(ctx) {
        const key = ctx.unique('flag');
        for (const n of PAST_INT32) {
          await expectRefused(`createFlag with priority ${n}`, 'rules[0].priority', () =>
            ctx.backend.createFlag(flagInput(ctx, { key, rules: [{ priority: n, conditions: [] }] })),
          );
        }
        await expectRefused('createFlag with a 256-character id', 'id', () =>
          ctx.backend.createFlag(flagInput(ctx, { key, id: 'i'.repeat(256) })),
        );
        await expectRefused('createFlag with JSON nested 30 deep', 'metadata', () =>
          ctx.backend.createFlag(flagInput(ctx, { key, metadata: nested(30) as never })),
        );
        await expectRefused('createFlag with 1,001 rules', 'rules', () =>
          ctx.backend.createFlag(
            flagInput(ctx, { key, rules: Array.from({ length: 1001 }, () => ({ conditions: [] })) }),
          ),
        );
        await expectRefused('createFlag created in year 10000', 'createdAt', () =>
          ctx.backend.createFlag(flagInput(ctx, { key, createdAt: new Date(253_402_300_800_000) })),
        );
        expect(await ctx.backend.getFlag(key), 'nothing stored').toBeNull();
        const flag = await seedFlag(ctx);
        await expectRefused('upsertOverride with a 65-character entityType', 'entityType', () =>
          ctx.backend.upsertOverride(overrideInput(flag.id, { entityType: 'e'.repeat(65) })),
        );
        await expectRefused('upsertOverride with a 256-character entityId', 'entityId', () =>
          ctx.backend.upsertOverride(overrideInput(flag.id, { entityId: 'u'.repeat(256) })),
        );
        expect(await ctx.backend.listOverrides(flag.id), 'no override stored').toStrictEqual([]);
        await expectRefused('createRolloutPhase with phaseNumber 2^31', 'phaseNumber', () =>
          ctx.backend.createRolloutPhase({
            flagId: flag.id,
            phaseNumber: 2 ** 31,
            targetPercentage: 10,
            scheduledAt: new Date(Date.now() + 3_600_000),
          }),
        );
        expect(await ctx.backend.getRolloutPhases(flag.id), 'no phase stored').toStrictEqual([]);
        for (const version of PAST_INT32) {
          await expectRefused(`updateFlag carrying version ${version}`, 'version', () =>
            ctx.backend.updateFlag({ ...flag, version, name: 'changed' }),
          );
        }
        expect(await ctx.backend.getFlag(flag.key), 'the flag is unchanged').toStrictEqual(flag);
      },
    },
    {
      id: 'hostile-input.context-values-never-break-evaluation',
      title:
        'NUL, lone surrogates or over-long ids in a context never break evaluation: rules and overrides still apply',
      async run(ctx) {
        const flag = await seedFlag(ctx, {
          defaultEnabled: false,
          rules: [{ rolloutPercentage: 100, conditions: [] }],
        });
        await ctx.backend.upsertOverride(overrideInput(flag.id, { entityId: 'vip', enabled: false }));
        const errors: unknown[] = [];
        const client = new FeatureFlagClient({ storage: ctx.backend, onError: (error) => errors.push(error) });
        for (const value of UNSTORABLE) {
          const hostile = { targetingKey: value, userId: value, organizationId: value, tenantId: value };
          const details = await client.getBooleanDetails(flag.key, false, hostile);
          expect(details, `context ids ${JSON.stringify(value.slice(0, 20))}`).toMatchObject({
            value: true,
            reason: 'TARGETING_MATCH',
          });
          const vip = await client.getBooleanDetails(flag.key, true, { ...hostile, userId: 'vip' });
          expect(vip, 'the override of a storable id in the same context').toMatchObject({
            value: false,
            reason: 'OVERRIDE',
          });
        }
        expect(errors, 'no storage error reported').toStrictEqual([]);
      },
    },
  ],
});
