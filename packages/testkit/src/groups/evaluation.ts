import {
  type EvaluationContext,
  type EvaluationDetails,
  FeatureFlagClient,
  type FeatureFlagInput,
  isInRollout,
  type JsonValue,
  type Reason,
  variantBucket,
} from '@flags/core';
import { expect } from 'vitest';
import type { CheckContext } from '../check.js';
import { defineGroup } from '../check.js';

/** The flags of the evaluation world, by logical name; keys are made unique per check. */
type FlagName = 'bool' | 'text' | 'num' | 'json' | 'killed' | 'archived' | 'scheduled' | 'overridden' | 'ghost';
type Getter = 'boolean' | 'string' | 'number' | 'object';

/** One row of the expected table: what the client must answer, whatever the backend. */
interface Case {
  flag: FlagName;
  get: Getter;
  fallback: JsonValue;
  context: EvaluationContext;
  expect: Partial<EvaluationDetails<JsonValue>>;
}
type Row = [FlagName, Getter, JsonValue, EvaluationContext, Partial<EvaluationDetails<JsonValue>>];

// Monday 2024-06-03: 10:00 in Berlin (inside the scheduled flag's 09:00–17:00), and 18:00 (outside).
const MORNING = new Date('2024-06-03T08:00:00Z');
const EVENING = new Date('2024-06-03T16:00:00Z');
const ctx = (fields: EvaluationContext = {}, attributes: Record<string, unknown> = {}): EvaluationContext => ({
  timestamp: MORNING,
  ...fields,
  attributes,
});
const everyone = { userId: 'u-1', organizationId: 'o-1', tenantId: 't-1', targetingKey: 'k-1' };
const hit = (variant: string, value: JsonValue = true) => ({ value, reason: 'TARGETING_MATCH' as const, variant });
const because = (reason: Reason, value: JsonValue) => ({ value, reason });

/** The expected table, identical for every backend. */
const CASES: readonly Case[] = (
  [
    ['bool', 'boolean', true, ctx(), because('DEFAULT', false)],
    ['bool', 'boolean', false, ctx({}, { email: 'ann@acme.com' }), hit('staff')],
    ['bool', 'boolean', false, ctx({ country: 'DE', appVersion: '2.1.0' }, { plan: 'pro' }), hit('pro-de')],
    ['bool', 'boolean', false, ctx({ country: 'FR', appVersion: '2.1.0' }, { plan: 'pro' }), hit('modern')],
    ['bool', 'boolean', true, ctx({ country: 'FR', appVersion: '2.0.0-beta.3' }), because('DEFAULT', false)],
    ['bool', 'boolean', false, ctx({ userId: 'u-bool' }), because('OVERRIDE', true)],
    ['bool', 'string', 'x', ctx(), { value: 'x', reason: 'ERROR', errorCode: 'TYPE_MISMATCH' }],
    ['text', 'string', 'x', ctx(), because('DEFAULT', 'plain')],
    ['text', 'string', 'x', ctx({ targetingKey: 'anyone' }), hit('keyed', 'keyed')],
    ['num', 'number', 0, ctx({}, { plan: 'pro' }), because('DEFAULT', 10)],
    ['num', 'number', 0, ctx({}, { plan: 'free' }), hit('not-pro', 1)],
    ['json', 'object', null, ctx(), { value: { theme: 'dark', sizes: [1, 2] }, reason: 'SPLIT', variant: 'dark' }],
    ['killed', 'boolean', true, ctx(everyone), because('DISABLED', false)],
    ['archived', 'string', 'x', ctx(), because('DISABLED', 'gone')],
    ['scheduled', 'boolean', false, ctx(), because('STATIC', true)],
    ['scheduled', 'boolean', true, ctx({ timestamp: EVENING }), because('DISABLED', false)],
    ['scheduled', 'boolean', false, ctx({ timestamp: EVENING, userId: 'u-1' }), because('OVERRIDE', true)],
    ['overridden', 'string', 'x', ctx(everyone), because('OVERRIDE', 'by user')],
    ['overridden', 'string', 'x', ctx({ ...everyone, userId: 'u-other' }), because('OVERRIDE', 'by org')],
    ['overridden', 'string', 'x', ctx({ tenantId: 't-1', targetingKey: 'k-1' }), because('OVERRIDE', 'by tenant')],
    ['overridden', 'string', 'x', ctx({ targetingKey: 'k-1' }), because('OVERRIDE', 'by key')],
    ['overridden', 'string', 'x', ctx({ userId: 'k-1' }), because('STATIC', 'base')],
    ['ghost', 'boolean', true, ctx(), { value: true, reason: 'ERROR', errorCode: 'FLAG_NOT_FOUND' }],
  ] satisfies Row[]
).map(([flag, get, fallback, context, expected]) => ({ flag, get, fallback, context, expect: expected }));

type World = Record<FlagName, string> & { proSegmentId: string; flagIds: Record<string, string> };

/** Writes the world of {@link CASES} through the backend under test: segments, flags, overrides, schedules. */
async function seedWorld(c: CheckContext): Promise<World> {
  const b = c.backend;
  const pro = await b.createSegment({
    name: c.unique('pro'),
    conditions: [{ attribute: 'plan', operator: 'in', value: ['pro', 'enterprise'] }],
  });
  const proDe = await b.createSegment({
    name: c.unique('pro-de'),
    parentSegmentId: pro.id,
    conditions: [{ attribute: 'country', operator: 'eq', value: 'DE' }],
  });
  const off = await b.createSegment({ name: c.unique('off'), enabled: false });
  const inputs: Record<Exclude<FlagName, 'ghost'>, Omit<FeatureFlagInput, 'key'>> = {
    bool: {
      metadata: { owner: 'conformance' },
      rules: [
        { name: 'never', priority: 0, enabled: false },
        {
          name: 'staff',
          priority: 1,
          conditions: [{ attribute: 'email', operator: 'matches', value: '@acme\\.com$' }],
        },
        {
          name: 'pro-de',
          priority: 2,
          conditions: [{ attribute: 'segment', operator: 'in_segment', value: proDe.id }],
        },
        {
          name: 'modern',
          priority: 2,
          conditions: [
            { attribute: 'app_version', operator: 'semver_gte', value: '2.0.0-rc.1' },
            { attribute: 'country', operator: 'in', value: ['DE', 'FR'] },
          ],
        },
        {
          name: 'off-segment',
          priority: 3,
          conditions: [{ attribute: 'segment', operator: 'in_segment', value: off.name }],
        },
      ],
    },
    text: {
      flagType: 'string',
      defaultValue: 'plain',
      rules: [
        { name: 'nobody', rolloutPercentage: 0, serveValue: 'never' },
        { name: 'keyed', rolloutPercentage: 100, serveValue: 'keyed' },
      ],
    },
    num: {
      flagType: 'number',
      defaultValue: 10,
      rules: [
        {
          name: 'not-pro',
          conditions: [{ attribute: 'segment', operator: 'not_in_segment', value: pro.name }],
          serveValue: 1,
        },
      ],
    },
    json: {
      flagType: 'json',
      defaultValue: { theme: 'light' },
      variants: [{ key: 'dark', weight: 100, value: { theme: 'dark', sizes: [1, 2] } }],
    },
    killed: { status: 'inactive', defaultEnabled: true, rules: [{ name: 'everyone' }] },
    archived: { flagType: 'string', status: 'archived', defaultValue: 'gone' },
    scheduled: { defaultEnabled: true },
    overridden: { flagType: 'string', defaultValue: 'base' },
  };
  const keys = { ghost: c.unique('ghost') } as Record<FlagName, string>;
  const flagIds: Record<string, string> = {};
  for (const [name, input] of Object.entries(inputs)) {
    const flag = await b.createFlag({ key: c.unique(name), ...input });
    keys[name as FlagName] = flag.key;
    flagIds[name] = flag.id;
  }
  await b.upsertOverride({ flagId: flagIds.bool!, entityType: 'user', entityId: 'u-bool', enabled: true });
  await b.upsertOverride({ flagId: flagIds.killed!, entityType: 'user', entityId: 'u-1', enabled: true });
  await b.upsertOverride({ flagId: flagIds.scheduled!, entityType: 'user', entityId: 'u-1', enabled: true });
  const overridden = flagIds.overridden!;
  await b.upsertOverride({ flagId: overridden, entityType: 'targeting_key', entityId: 'k-1', value: 'by key' });
  await b.upsertOverride({ flagId: overridden, entityType: 'tenant', entityId: 't-1', value: 'by tenant' });
  await b.upsertOverride({ flagId: overridden, entityType: 'organization', entityId: 'o-1', value: 'by org' });
  await b.upsertOverride({ flagId: overridden, entityType: 'user', entityId: 'u-1', value: 'by user' });
  const schedule = { flagId: flagIds.scheduled!, recurrenceType: 'daily' as const };
  await b.createTimeSchedule({
    ...schedule,
    name: 'office',
    startTime: '09:00',
    endTime: '17:00',
    timezone: 'Europe/Berlin',
  });
  await b.createTimeSchedule({ ...schedule, name: 'disabled', startTime: '00:00', endTime: '23:59', enabled: false });
  return { ...keys, proSegmentId: pro.id, flagIds };
}

function details(client: FeatureFlagClient, key: string, row: Case): Promise<EvaluationDetails<JsonValue>> {
  switch (row.get) {
    case 'boolean':
      return client.getBooleanDetails(key, row.fallback as boolean, row.context);
    case 'string':
      return client.getStringDetails(key, row.fallback as string, row.context);
    case 'number':
      return client.getNumberDetails(key, row.fallback as number, row.context);
    default:
      return client.getObjectDetails(key, row.fallback, row.context);
  }
}

const label = (row: Case, index: number) => `case ${index} (${row.flag}, ${row.get}, ${JSON.stringify(row.context)})`;

/** Evaluation through `FeatureFlagClient` over the backend under test: the same answers on every backend. */
export const evaluationGroup = defineGroup({
  name: 'evaluation',
  title: 'evaluation through FeatureFlagClient',
  checks: [
    {
      id: 'evaluation.expected-table',
      title: 'typed getters answer the expected table: rules, segments, overrides, schedules, variants, errors',
      async run(c) {
        const world = await seedWorld(c);
        const client = new FeatureFlagClient({ storage: c.backend });
        for (const [index, row] of CASES.entries()) {
          expect(await details(client, world[row.flag], row), label(row, index)).toMatchObject(row.expect);
        }
        const bool = await client.getBooleanDetails(world.bool, false, ctx());
        expect(bool.flagMetadata, 'flagMetadata is the flag metadata').toEqual({ owner: 'conformance' });
      },
    },
    {
      id: 'evaluation.bulk-matches-single',
      title: 'getAllFlags and getFlags give every flag the same value and reason as a single evaluation',
      async run(c) {
        const world = await seedWorld(c);
        const client = new FeatureFlagClient({ storage: c.backend });
        for (const [index, row] of CASES.entries()) {
          if (row.expect.errorCode === 'TYPE_MISMATCH') continue; // bulk serves each flag its own type
          const key = world[row.flag];
          const bulkValue = row.flag === 'ghost' ? null : row.expect.value;
          const want = { value: bulkValue, reason: row.expect.reason ?? expect.any(String) };
          const some = await client.getFlags([key], row.context);
          expect(some[key], `getFlags ${label(row, index)}`).toMatchObject(want);
          const all = await client.getAllFlags(row.context);
          if (row.flag === 'ghost') expect(all[key], 'getAllFlags has no missing flag').toBeUndefined();
          else expect(all[key], `getAllFlags ${label(row, index)}`).toMatchObject(want);
        }
      },
    },
    {
      id: 'evaluation.rollout-and-split-buckets',
      title: 'partial rollouts and variant splits put each targeting key in its MurmurHash3 bucket',
      async run(c) {
        const rollout = await c.backend.createFlag({
          key: c.unique('rollout'),
          rules: [{ name: 'forty', rolloutPercentage: 40 }],
        });
        const split = await c.backend.createFlag({
          key: c.unique('split'),
          flagType: 'string',
          defaultValue: 'none',
          variants: [
            { key: 'a', weight: 30, value: { value: 'A' } },
            { key: 'b', weight: 70, value: { value: 'B' } },
          ],
        });
        const client = new FeatureFlagClient({ storage: c.backend });
        for (let i = 0; i < 40; i++) {
          const targetingKey = `user-${i}`;
          const inside = isInRollout(rollout.key, targetingKey, 40);
          expect(await client.getBooleanDetails(rollout.key, false, { targetingKey }), targetingKey).toMatchObject(
            inside ? { value: true, reason: 'TARGETING_MATCH' } : { value: false, reason: 'DEFAULT' },
          );
          const variant = variantBucket(split.key, targetingKey) < 30 ? 'a' : 'b';
          expect(await client.getStringDetails(split.key, '', { targetingKey }), targetingKey).toMatchObject({
            value: variant.toUpperCase(),
            reason: 'SPLIT',
            variant,
          });
        }
      },
    },
    {
      id: 'evaluation.writes-take-effect',
      title: 'updated flags, segments, overrides and schedules change the next evaluation',
      async run(c) {
        const world = await seedWorld(c);
        const b = c.backend;
        const client = new FeatureFlagClient({ storage: b });
        const pro = ctx({ country: 'DE' }, { plan: 'pro' });
        expect((await client.getBooleanDetails(world.bool, false, pro)).variant).toBe('pro-de');
        const segment = (await b.getSegment(world.proSegmentId))!;
        await b.updateSegment({ ...segment, conditions: [{ attribute: 'plan', operator: 'eq', value: 'enterprise' }] });
        expect(await client.getBooleanDetails(world.bool, true, pro), 'after updateSegment').toMatchObject({
          value: false,
          reason: 'DEFAULT',
        });
        const flag = (await b.getFlag(world.bool))!;
        await b.updateFlag({ ...flag, status: 'inactive' });
        expect(await client.getBooleanDetails(world.bool, true, pro), 'after updateFlag').toMatchObject({
          value: false,
          reason: 'DISABLED',
        });
        await b.upsertOverride({
          flagId: world.flagIds.overridden!,
          entityType: 'user',
          entityId: 'u-1',
          value: 'changed',
        });
        expect(await client.getStringValue(world.overridden, 'x', ctx(everyone)), 'after upsertOverride').toBe(
          'changed',
        );
        await b.deleteOverride(world.flagIds.overridden!, 'user', 'u-1');
        expect(await client.getStringValue(world.overridden, 'x', ctx(everyone)), 'after deleteOverride').toBe(
          'by org',
        );
        for (const schedule of await b.getTimeSchedules({ flagId: world.flagIds.scheduled! })) {
          await b.deleteTimeSchedule(schedule.id);
        }
        const evening = ctx({ timestamp: EVENING });
        expect(
          await client.getBooleanDetails(world.scheduled, false, evening),
          'after deleteTimeSchedule',
        ).toMatchObject({ value: true, reason: 'STATIC' });
      },
    },
  ],
});
