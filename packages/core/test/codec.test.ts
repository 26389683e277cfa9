import {
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
import { describe, expect, it } from 'vitest';

const at = (iso: string) => new Date(iso);

function richFlag(): FeatureFlag {
  const flag = createFlag({
    key: 'checkout.v2',
    name: 'Checkout — v2 ✓ 用户 😀',
    description: null,
    flagType: 'json',
    defaultValue: { nested: { list: [1, 'two', null, { deep: [true, false] }] }, emptyObj: {}, emptyList: [] },
    tags: ['ünïcode', ''],
    metadata: {
      looksLikeDate: '2024-01-02T03:04:05.678Z',
      looksLikeNumber: '42',
      nothing: null,
      big: Array.from({ length: 2000 }, (_, i) => ({ i, s: `item-${i}-€` })),
      createdAt: '2020-01-01T00:00:00.000Z',
    },
    rules: [
      {
        name: 'r',
        serveValue: { a: null },
        rolloutPercentage: 30,
        conditions: [{ attribute: 'createdAt', operator: 'date_after', value: '2024-01-01T00:00:00Z' }],
      },
    ],
    variants: [{ key: 'a', weight: 100, value: { enabled: true, updatedAt: '2021-01-01T00:00:00.000Z' } }],
    version: 7,
    createdAt: at('2024-05-06T07:08:09.123Z'),
    updatedAt: at('2024-05-06T07:08:09.999Z'),
  });
  flag.timeSchedules = [
    createTimeSchedule({
      flagId: flag.id,
      recurrenceType: 'daily',
      validFrom: at('2024-01-01T00:00:00.001Z'),
      validUntil: null,
      createdAt: at('2024-01-01T00:00:00.002Z'),
      updatedAt: at('2024-01-01T00:00:00.003Z'),
    }),
  ];
  return flag;
}

describe('encodeModel / decodeModel', () => {
  it('round-trips a flag exactly: unicode, nested JSON, nulls, ms dates, large metadata, time schedules', () => {
    const flag = richFlag();
    const decoded = decodeModel('flag', encodeModel(flag));
    expect(decoded).toEqual(flag);
    expect(decoded.createdAt).toBeInstanceOf(Date);
    expect(decoded.updatedAt.getTime()).toBe(flag.updatedAt.getTime());
    expect(decoded.timeSchedules[0]?.validFrom?.getTime()).toBe(Date.parse('2024-01-01T00:00:00.001Z'));
    expect(decoded.timeSchedules[0]?.createdAt).toBeInstanceOf(Date);
    expect(decoded.timeSchedules[0]?.validUntil).toBeNull();
  });

  it('writes Dates as ISO strings with milliseconds', () => {
    const text = encodeModel(richFlag());
    expect(text).toContain('"createdAt":"2024-05-06T07:08:09.123Z"');
  });

  it('keeps strings that look like dates or numbers as strings, outside the date fields', () => {
    const decoded = decodeModel('flag', encodeModel(richFlag()));
    expect(decoded.metadata.looksLikeDate).toBe('2024-01-02T03:04:05.678Z');
    expect(decoded.metadata.looksLikeNumber).toBe('42');
    expect(decoded.metadata.createdAt).toBe('2020-01-01T00:00:00.000Z');
    expect(decoded.variants[0]?.value.updatedAt).toBe('2021-01-01T00:00:00.000Z');
    expect(decoded.rules[0]?.conditions[0]?.value).toBe('2024-01-01T00:00:00Z');
  });

  it('keeps null apart from a missing key', () => {
    const text = JSON.stringify({ id: 'x', description: null, createdAt: '2024-01-01T00:00:00.000Z' });
    const decoded = decodeModel('flag', text) as unknown as Record<string, unknown>;
    expect(decoded.description).toBeNull();
    expect('defaultValue' in decoded).toBe(false);
    expect('updatedAt' in decoded).toBe(false);
    expect('timeSchedules' in decoded).toBe(false);
  });

  it('round-trips an override, with and without expiry', () => {
    const expiring = createOverride({
      flagId: 'f',
      entityType: 'user',
      entityId: 'ü-1',
      value: { v: [1, null] },
      expiresAt: at('2030-01-01T00:00:00.555Z'),
    });
    const decoded = decodeModel('override', encodeModel(expiring));
    expect(decoded).toEqual(expiring);
    expect(decoded.expiresAt).toBeInstanceOf(Date);
    const forever = createOverride({ flagId: 'f', entityType: 'tenant', entityId: 't' });
    expect(decodeModel('override', encodeModel(forever))).toEqual(forever);
  });

  it('round-trips a segment', () => {
    const segment = createSegment({
      name: 'beta testers',
      conditions: [{ attribute: 'country', operator: 'in', value: ['DE', 'FR'] }],
      parentSegmentId: 'parent',
      version: 3,
    });
    expect(decodeModel('segment', encodeModel(segment))).toEqual(segment);
  });

  it('round-trips a scheduled change, reviving every date field', () => {
    const change = createScheduledChange({
      flagId: 'f',
      changeType: 'update_value',
      scheduledAt: at('2025-02-03T04:05:06.789Z'),
      executed: true,
      executedAt: at('2025-02-03T04:05:07.001Z'),
      newValue: '2025-01-01',
      claimedBy: 'worker-1',
      claimExpiresAt: at('2025-02-03T04:06:00.000Z'),
      outcome: null,
    });
    const decoded = decodeModel('scheduledChange', encodeModel(change));
    expect(decoded).toEqual(change);
    expect(decoded.newValue).toBe('2025-01-01');
    const pending = createScheduledChange({ flagId: 'f', changeType: 'enable', scheduledAt: at('2025-01-01') });
    const decodedPending = decodeModel('scheduledChange', encodeModel(pending));
    expect(decodedPending).toEqual(pending);
    expect(decodedPending.executedAt).toBeNull();
  });

  it('round-trips a time schedule and a rollout phase', () => {
    const schedule = createTimeSchedule({
      flagId: 'f',
      name: 'Mo–Fr',
      recurrenceType: 'weekly',
      daysOfWeek: [0, 1, 2, 3, 4],
      timezone: 'Europe/Berlin',
      validUntil: at('2026-12-31T23:59:59.999Z'),
    });
    expect(decodeModel('timeSchedule', encodeModel(schedule))).toEqual(schedule);
    const phase = createRolloutPhase({
      flagId: 'f',
      phaseNumber: 2,
      targetPercentage: 50,
      scheduledAt: at('2025-06-01T00:00:00.010Z'),
    });
    const decoded = decodeModel('rolloutPhase', encodeModel(phase));
    expect(decoded).toEqual(phase);
    expect(decoded.scheduledAt).toBeInstanceOf(Date);
  });

  it('decodes a JSON "__proto__" key as plain data', () => {
    const decoded = decodeModel('flag', '{"metadata":{"__proto__":{"polluted":true}}}');
    expect(Object.getPrototypeOf(decoded.metadata)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
