import {
  copyFlag,
  copyOverride,
  copyRolloutPhase,
  copyScheduledChange,
  copySegment,
  copyTimeSchedule,
  createFlag,
  createOverride,
  createRolloutPhase,
  createScheduledChange,
  createSegment,
  createTimeSchedule,
  decodeModel,
  encodeModel,
  type FeatureFlag,
} from '@flags/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const ids = Array.from({ length: 100 }, (_, i) => `user-${i}`);

function flagWith(metadata: Record<string, unknown>): FeatureFlag {
  const flag = createFlag({
    key: 'checkout',
    name: 'Checkout',
    flagType: 'json',
    defaultValue: { nested: { list: [1, 'two', null, { deep: [true] }] } },
    tags: ['a', 'b'],
    metadata: metadata as FeatureFlag['metadata'],
    rules: [
      { name: 'ids', conditions: [{ attribute: 'userId', operator: 'in', value: ids }], serveValue: { on: true } },
      { name: 'semver', conditions: [{ attribute: 'v', operator: 'semver_gte', value: '1.2.3' }] },
    ],
    variants: [{ key: 'a', weight: 100, value: { x: [1, { y: 2 }] } }],
  });
  const schedule = createTimeSchedule({
    flagId: flag.id,
    name: 'nights',
    recurrenceType: 'daily',
    startTime: '22:00',
    endTime: '06:00',
  });
  return decodeModel('flag', encodeModel({ ...flag, timeSchedules: [schedule] }));
}

/** Every object (arrays and Dates included) reachable from `value`. */
function objectsOf(value: unknown, found: unknown[] = []): unknown[] {
  if (typeof value !== 'object' || value === null) return found;
  found.push(value);
  if (!(value instanceof Date)) for (const item of Object.values(value)) objectsOf(item, found);
  return found;
}

function expectDeepCopy<T>(original: T, copy: T): void {
  expect(copy).toStrictEqual(original);
  const originals = new Set(objectsOf(original));
  for (const object of objectsOf(copy)) expect(originals.has(object)).toBe(false);
}

describe('copy functions', () => {
  it('copy every model kind deeply: equal, sharing no object', () => {
    const flag = flagWith({ owner: 'team', limits: { max: [1, 2] } });
    expectDeepCopy(flag, copyFlag(flag));
    // The 100-id list is remembered as flat after the first copy; later copies still share nothing.
    expectDeepCopy(flag, copyFlag(flag));
    const now = new Date('2030-01-01T00:00:00.000Z');
    const override = createOverride({
      flagId: flag.id,
      entityType: 'user',
      entityId: 'u',
      enabled: true,
      value: { v: [1] },
      expiresAt: now,
    });
    expectDeepCopy(override, copyOverride(override));
    const segment = createSegment({ name: 's', conditions: [{ attribute: 'a', operator: 'in', value: ids }] });
    expectDeepCopy(segment, copySegment(segment));
    const change = createScheduledChange({
      flagId: flag.id,
      changeType: 'update_value',
      scheduledAt: now,
      newValue: { a: { b: [1] } },
    });
    expectDeepCopy(change, copyScheduledChange(change));
    const phase = createRolloutPhase({ flagId: flag.id, phaseNumber: 1, targetPercentage: 10, scheduledAt: now });
    expectDeepCopy(phase, copyRolloutPhase(phase));
    expectDeepCopy(flag.timeSchedules[0], copyTimeSchedule(flag.timeSchedules[0]!));
  });

  it('copyFlag puts copies of the given schedules in place of the flag’s own', () => {
    const flag = flagWith({});
    const other = createTimeSchedule({
      flagId: flag.id,
      name: 'days',
      recurrenceType: 'daily',
      startTime: '08:00',
      endTime: '18:00',
    });
    const copy = copyFlag(flag, [other]);
    expect(copy.timeSchedules).toStrictEqual([other]);
    expect(copy.timeSchedules[0]).not.toBe(other);
    expect(copyFlag({ ...flag, timeSchedules: [] }).timeSchedules).toEqual([]);
  });

  it('keeps "__proto__" a plain own key, never a prototype', () => {
    const metadata = JSON.parse('{"__proto__": {"polluted": true}, "list": [{"__proto__": 1}]}');
    const copy = copyFlag(flagWith(metadata));
    expect(Object.keys(copy.metadata)).toContain('__proto__');
    expect(Object.getPrototypeOf(copy.metadata)).toBe(Object.prototype);
    expect((copy.metadata as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.hasOwn((copy.metadata.list as object[])[0]!, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('mutating a copy changes neither the original nor later copies', () => {
    const flag = flagWith({ list: [1, 2] });
    const pristine = structuredClone(flag);
    const copy = copyFlag(flag);
    (copy.rules[0]!.conditions[0]!.value as string[]).push('intruder');
    (copy.metadata.list as number[]).push(3);
    copy.createdAt.setTime(0);
    copy.timeSchedules[0]!.name = 'changed';
    expect(flag).toStrictEqual(pristine);
    expect(copyFlag(flag)).toStrictEqual(pristine);
  });

  it('copy any JSON in value fields exactly (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (metadata, value) => {
        const flag = flagWith({ value: metadata });
        const decoded = decodeModel(
          'flag',
          encodeModel({ ...flag, defaultValue: value as FeatureFlag['defaultValue'] }),
        );
        expectDeepCopy(decoded, copyFlag(decoded));
      }),
      { numRuns: 200 },
    );
  });
});
