import {
  createOverride,
  createRolloutPhase,
  createScheduledChange,
  createSegment,
  createTimeSchedule,
  isOverrideExpired,
  ValidationError,
} from '@flags/core';
import { describe, expect, it } from 'vitest';

function issuesOf(run: () => unknown): { path: string; message: string }[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return [...error.issues];
    throw error;
  }
  throw new Error('expected a ValidationError');
}

const when = new Date('2025-01-01T12:00:00.000Z');

describe('createOverride', () => {
  it('fills defaults and copies', () => {
    const expiresAt = new Date('2030-01-01T00:00:00Z');
    const value = { a: [1] };
    const o = createOverride({ flagId: 'f', entityType: 'user', entityId: 'u1', value, expiresAt });
    expect(o).toMatchObject({ flagId: 'f', entityType: 'user', entityId: 'u1', enabled: true, value: { a: [1] } });
    expect(o.value).not.toBe(value);
    expect(o.expiresAt).not.toBe(expiresAt);
    expect(o.expiresAt?.getTime()).toBe(expiresAt.getTime());
    expect(o.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(createOverride({ flagId: 'f', entityType: 'custom-kind', entityId: 'x' })).toMatchObject({
      value: null,
      expiresAt: null,
      entityType: 'custom-kind',
    });
  });

  it('rejects empty ids and invalid dates', () => {
    expect(issuesOf(() => createOverride({ flagId: '', entityType: '', entityId: '' })).map((i) => i.path)).toEqual([
      'flagId',
      'entityType',
      'entityId',
    ]);
    expect(
      issuesOf(() => createOverride({ flagId: 'f', entityType: 'user', entityId: 'u', expiresAt: new Date('nope') })),
    ).toEqual([{ path: 'expiresAt', message: 'must be a valid Date or null' }]);
  });
});

describe('isOverrideExpired', () => {
  it('is expired when expiresAt is at or before now, never when null', () => {
    expect(isOverrideExpired({ expiresAt: null }, when)).toBe(false);
    expect(isOverrideExpired({ expiresAt: new Date(when.getTime() + 1) }, when)).toBe(false);
    expect(isOverrideExpired({ expiresAt: new Date(when.getTime()) }, when)).toBe(true);
    expect(isOverrideExpired({ expiresAt: new Date(when.getTime() - 1) }, when)).toBe(true);
  });
});

describe('createSegment', () => {
  it('fills defaults, keeps version and validates conditions', () => {
    expect(createSegment({ name: 'beta' })).toMatchObject({
      name: 'beta',
      description: null,
      conditions: [],
      parentSegmentId: null,
      enabled: true,
      version: 1,
    });
    expect(createSegment({ name: 'beta', version: 4 }).version).toBe(4);
    expect(
      issuesOf(() => createSegment({ name: 's', conditions: [{ attribute: 'a', operator: 'bogus' as never }] })),
    ).toEqual([{ path: 'conditions[0].operator', message: 'unknown operator "bogus"' }]);
  });

  it('rejects an empty name and a segment that is its own parent', () => {
    expect(issuesOf(() => createSegment({ name: '' }))).toEqual([{ path: 'name', message: 'must not be empty' }]);
    expect(issuesOf(() => createSegment({ id: 's1', name: 's', parentSegmentId: 's1' }))).toEqual([
      { path: 'parentSegmentId', message: 'a segment cannot be its own parent' },
    ]);
    expect(createSegment({ id: 's1', name: 's', parentSegmentId: 's0' }).parentSegmentId).toBe('s0');
  });
});

describe('createScheduledChange', () => {
  it('fills defaults and copies the date', () => {
    const change = createScheduledChange({ flagId: 'f', changeType: 'enable', scheduledAt: when });
    expect(change).toMatchObject({
      executed: false,
      executedAt: null,
      newValue: null,
      newRolloutPercentage: null,
      createdBy: null,
      claimedBy: null,
      claimExpiresAt: null,
      outcome: null,
    });
    expect(change.scheduledAt).not.toBe(when);
    expect(change.scheduledAt.getTime()).toBe(when.getTime());
  });

  it('requires newValue for update_value and newRolloutPercentage for update_rollout', () => {
    expect(
      issuesOf(() => createScheduledChange({ flagId: 'f', changeType: 'update_value', scheduledAt: when })),
    ).toEqual([{ path: 'newValue', message: 'update_value changes need a newValue' }]);
    expect(
      issuesOf(() => createScheduledChange({ flagId: 'f', changeType: 'update_rollout', scheduledAt: when }))[0]?.path,
    ).toBe('newRolloutPercentage');
    expect(
      issuesOf(() =>
        createScheduledChange({
          flagId: 'f',
          changeType: 'update_rollout',
          scheduledAt: when,
          newRolloutPercentage: 101,
        }),
      ),
    ).toEqual([{ path: 'newRolloutPercentage', message: 'must be an integer from 0 to 100, got 101' }]);
    expect(
      createScheduledChange({ flagId: 'f', changeType: 'update_rollout', scheduledAt: when, newRolloutPercentage: 0 })
        .newRolloutPercentage,
    ).toBe(0);
    expect(
      createScheduledChange({ flagId: 'f', changeType: 'update_value', scheduledAt: when, newValue: false }).newValue,
    ).toBe(false);
  });

  it('rejects an unknown change type and a missing or invalid scheduledAt', () => {
    expect(
      issuesOf(() => createScheduledChange({ flagId: 'f', changeType: 'toggle' as never, scheduledAt: when }))[0]?.path,
    ).toBe('changeType');
    expect(issuesOf(() => createScheduledChange({ flagId: 'f', changeType: 'enable' } as never))).toEqual([
      { path: 'scheduledAt', message: 'must be a valid Date' },
    ]);
    expect(
      issuesOf(() => createScheduledChange({ flagId: 'f', changeType: 'enable', scheduledAt: new Date(Number.NaN) }))[0]
        ?.path,
    ).toBe('scheduledAt');
  });
});

describe('createTimeSchedule', () => {
  it('fills defaults', () => {
    expect(createTimeSchedule({ flagId: 'f', recurrenceType: 'daily' })).toMatchObject({
      name: '',
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
  });

  it('accepts HH:MM and HH:MM:SS times, a real timezone and each recurrence with its fields', () => {
    const base = { flagId: 'f', startTime: '22:00', endTime: '06:00:30', timezone: 'Asia/Kolkata' };
    expect(createTimeSchedule({ ...base, recurrenceType: 'weekly', daysOfWeek: [0, 6] }).daysOfWeek).toEqual([0, 6]);
    expect(createTimeSchedule({ ...base, recurrenceType: 'monthly', daysOfMonth: [1, 31] }).daysOfMonth).toEqual([
      1, 31,
    ]);
    expect(createTimeSchedule({ ...base, recurrenceType: 'cron', cronExpression: '0 9 * * 1-5' }).cronExpression).toBe(
      '0 9 * * 1-5',
    );
  });

  it.each([
    [{ startTime: '9:00' }, 'startTime'],
    [{ endTime: '24:00' }, 'endTime'],
    [{ endTime: '12:60' }, 'endTime'],
    [{ timezone: 'Mars/Olympus' }, 'timezone'],
    [{ timezone: '' }, 'timezone'],
    [{ recurrenceType: 'weekly' }, 'daysOfWeek'],
    [{ recurrenceType: 'weekly', daysOfWeek: [] }, 'daysOfWeek'],
    [{ recurrenceType: 'weekly', daysOfWeek: [7] }, 'daysOfWeek[0]'],
    [{ recurrenceType: 'monthly' }, 'daysOfMonth'],
    [{ recurrenceType: 'monthly', daysOfMonth: [0] }, 'daysOfMonth[0]'],
    [{ recurrenceType: 'monthly', daysOfMonth: [1, 32] }, 'daysOfMonth[1]'],
    [{ recurrenceType: 'cron' }, 'cronExpression'],
    [{ recurrenceType: 'cron', cronExpression: 'every day' }, 'cronExpression'],
    [{ recurrenceType: 'cron', cronExpression: '61 * * * *' }, 'cronExpression'],
    [{ recurrenceType: 'yearly' }, 'recurrenceType'],
    [{ validFrom: new Date('2025-02-01'), validUntil: new Date('2025-01-01') }, 'validUntil'],
  ])('rejects %j at %s', (patch, path) => {
    const issues = issuesOf(() => createTimeSchedule({ flagId: 'f', recurrenceType: 'daily', ...patch } as never));
    expect(issues.map((i) => i.path)).toEqual([path]);
  });

  it('lists every broken rule at once', () => {
    const issues = issuesOf(() =>
      createTimeSchedule({ flagId: '', recurrenceType: 'weekly', timezone: 'Nowhere/Land', endTime: '7pm' }),
    );
    expect(issues.map((i) => i.path).sort()).toEqual(['daysOfWeek', 'endTime', 'flagId', 'timezone']);
  });

  it('names the unknown timezone in the message', () => {
    expect(
      issuesOf(() => createTimeSchedule({ flagId: 'f', recurrenceType: 'daily', timezone: 'Mars/Olympus' })),
    ).toEqual([{ path: 'timezone', message: 'unknown timezone "Mars/Olympus"' }]);
  });
});

describe('createRolloutPhase', () => {
  it('fills defaults', () => {
    expect(createRolloutPhase({ flagId: 'f', phaseNumber: 1, targetPercentage: 25, scheduledAt: when })).toMatchObject({
      phaseNumber: 1,
      targetPercentage: 25,
      executed: false,
      executedAt: null,
      claimedBy: null,
      claimExpiresAt: null,
      outcome: null,
    });
  });

  it.each([
    [{ phaseNumber: 0 }, 'phaseNumber'],
    [{ phaseNumber: 1.5 }, 'phaseNumber'],
    [{ targetPercentage: -1 }, 'targetPercentage'],
    [{ targetPercentage: 100.1 }, 'targetPercentage'],
    [{ scheduledAt: 'soon' }, 'scheduledAt'],
    [{ flagId: '' }, 'flagId'],
  ])('rejects %j', (patch, path) => {
    const input = { flagId: 'f', phaseNumber: 1, targetPercentage: 10, scheduledAt: when, ...patch };
    expect(issuesOf(() => createRolloutPhase(input as never)).map((i) => i.path)).toEqual([path]);
  });
});
