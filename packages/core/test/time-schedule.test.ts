import { describe, expect, it } from 'vitest';
import { isTimeScheduleActive } from '../src/evaluation/time-schedule.js';
import type { TimeSchedule } from '../src/models/index.js';

/** A full stored schedule; the tests spell out only what they vary. */
function schedule(fields: Partial<TimeSchedule>): TimeSchedule {
  return {
    id: 'schedule-1',
    flagId: 'flag-1',
    name: 'window',
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
    createdAt: new Date('2024-01-01T00:00:00Z'),
    updatedAt: new Date('2024-01-01T00:00:00Z'),
    ...fields,
  };
}

/** Which of the instants (ISO strings, UTC) the schedule is active at. */
function activeAt(s: TimeSchedule, instants: string[]): Record<string, boolean> {
  return Object.fromEntries(instants.map((iso) => [iso, isTimeScheduleActive(s, new Date(iso))]));
}

// Europe/Berlin: 2024-03-31 02:00 CET → 03:00 CEST (01:00Z); 2024-10-27 03:00 CEST → 02:00 CET (01:00Z).
// America/New_York: 2024-03-10 02:00 EST → 03:00 EDT (07:00Z); 2024-11-03 02:00 EDT → 01:00 EST (06:00Z).

describe('daily', () => {
  const office = schedule({ timezone: 'Europe/Berlin', startTime: '09:00', endTime: '17:00' });

  it('follows Berlin wall-clock time on both sides of the spring DST change', () => {
    expect(
      activeAt(office, [
        '2024-03-30T07:59:59Z', // 08:59:59 CET
        '2024-03-30T08:00:00Z', // 09:00 CET
        '2024-03-30T16:00:59Z', // 17:00:59 CET: an HH:MM end covers its whole minute
        '2024-03-30T16:01:00Z', // 17:01 CET
        '2024-03-31T06:59:59Z', // 08:59:59 CEST
        '2024-03-31T07:00:00Z', // 09:00 CEST
        '2024-03-31T15:00:00Z', // 17:00 CEST
        '2024-03-31T16:00:00Z', // 18:00 CEST (17:00 if the zone's winter offset were kept)
      ]),
    ).toEqual({
      '2024-03-30T07:59:59Z': false,
      '2024-03-30T08:00:00Z': true,
      '2024-03-30T16:00:59Z': true,
      '2024-03-30T16:01:00Z': false,
      '2024-03-31T06:59:59Z': false,
      '2024-03-31T07:00:00Z': true,
      '2024-03-31T15:00:00Z': true,
      '2024-03-31T16:00:00Z': false,
    });
  });

  it('reads HH:MM:SS bounds to the second', () => {
    const s = schedule({ startTime: '10:00:30', endTime: '10:00:40' });
    expect(
      activeAt(s, ['2024-05-01T10:00:29Z', '2024-05-01T10:00:30Z', '2024-05-01T10:00:40Z', '2024-05-01T10:00:41Z']),
    ).toEqual({
      '2024-05-01T10:00:29Z': false,
      '2024-05-01T10:00:30Z': true,
      '2024-05-01T10:00:40Z': true,
      '2024-05-01T10:00:41Z': false,
    });
  });

  it('is active in both passes of the repeated hour when New York falls back', () => {
    const s = schedule({ timezone: 'America/New_York', startTime: '01:15', endTime: '01:45' });
    expect(activeAt(s, ['2024-11-03T05:30:00Z', '2024-11-03T06:30:00Z', '2024-11-03T07:30:00Z'])).toEqual({
      '2024-11-03T05:30:00Z': true, // 01:30 EDT
      '2024-11-03T06:30:00Z': true, // 01:30 EST
      '2024-11-03T07:30:00Z': false, // 02:30 EST
    });
  });

  it('wraps midnight when startTime is after endTime', () => {
    const night = schedule({ timezone: 'America/New_York', startTime: '22:00', endTime: '02:00' });
    expect(
      activeAt(night, [
        '2024-07-01T01:59:00Z',
        '2024-07-01T02:00:00Z',
        '2024-07-01T06:00:59Z',
        '2024-07-01T06:01:00Z',
        '2024-07-01T12:00:00Z',
      ]),
    ).toEqual({
      '2024-07-01T01:59:00Z': false, // 21:59 EDT
      '2024-07-01T02:00:00Z': true, // 22:00 EDT
      '2024-07-01T06:00:59Z': true, // 02:00:59 EDT
      '2024-07-01T06:01:00Z': false, // 02:01 EDT
      '2024-07-01T12:00:00Z': false,
    });
  });
});

describe('weekly', () => {
  it('tests the local weekday (0 = Monday) in New York across the spring DST change', () => {
    const sundayNight = schedule({
      recurrenceType: 'weekly',
      timezone: 'America/New_York',
      daysOfWeek: [6],
      startTime: '01:00',
      endTime: '03:00',
    });
    expect(
      activeAt(sundayNight, [
        '2024-03-09T06:30:00Z', // Saturday 01:30 EST
        '2024-03-10T06:30:00Z', // Sunday 01:30 EST
        '2024-03-10T07:00:00Z', // Sunday 03:00 EDT (02:00–02:59 does not exist)
        '2024-03-10T07:01:00Z', // Sunday 03:01 EDT
        '2024-03-11T05:30:00Z', // Monday 01:30 EDT
      ]),
    ).toEqual({
      '2024-03-09T06:30:00Z': false,
      '2024-03-10T06:30:00Z': true,
      '2024-03-10T07:00:00Z': true,
      '2024-03-10T07:01:00Z': false,
      '2024-03-11T05:30:00Z': false,
    });
  });

  it('uses the local date, not the UTC one', () => {
    // Tuesday 23:30 in New York is Wednesday 03:30 UTC.
    const tuesday = schedule({ recurrenceType: 'weekly', timezone: 'America/New_York', daysOfWeek: [1] });
    expect(activeAt(tuesday, ['2024-07-03T03:30:00Z', '2024-07-03T04:30:00Z'])).toEqual({
      '2024-07-03T03:30:00Z': true,
      '2024-07-03T04:30:00Z': false, // Wednesday 00:30 EDT
    });
  });

  it('applies the day test to the day a midnight-wrapping window started', () => {
    const fridayNight = schedule({
      recurrenceType: 'weekly',
      timezone: 'Europe/Berlin',
      daysOfWeek: [4],
      startTime: '22:00',
      endTime: '02:00',
    });
    expect(
      activeAt(fridayNight, [
        '2024-10-25T23:00:00Z', // Saturday 01:00 CEST: in Friday's window
        '2024-10-25T20:30:00Z', // Friday 22:30 CEST
        '2024-10-24T23:00:00Z', // Friday 01:00 CEST: Thursday's window, Thursday not listed
        '2024-10-26T20:30:00Z', // Saturday 22:30 CEST
      ]),
    ).toEqual({
      '2024-10-25T23:00:00Z': true,
      '2024-10-25T20:30:00Z': true,
      '2024-10-24T23:00:00Z': false,
      '2024-10-26T20:30:00Z': false,
    });
  });

  it('is never active with no day listed', () => {
    const s = schedule({ recurrenceType: 'weekly', daysOfWeek: [] });
    expect(isTimeScheduleActive(s, new Date('2024-07-03T12:00:00Z'))).toBe(false);
  });
});

describe('monthly', () => {
  it('tests the local day of month in Berlin on the DST-change night, wrapping midnight', () => {
    const lastNight = schedule({
      recurrenceType: 'monthly',
      timezone: 'Europe/Berlin',
      daysOfMonth: [31],
      startTime: '22:00',
      endTime: '02:00',
    });
    expect(
      activeAt(lastNight, [
        '2024-03-31T00:30:00Z', // 31st 01:30 CET: window started on the 30th
        '2024-03-31T20:30:00Z', // 31st 22:30 CEST
        '2024-03-31T23:30:00Z', // 1 April 01:30 CEST: window started on the 31st
        '2024-04-01T00:01:00Z', // 1 April 02:01 CEST
        '2024-03-30T21:30:00Z', // 30th 22:30 CET
      ]),
    ).toEqual({
      '2024-03-31T00:30:00Z': false,
      '2024-03-31T20:30:00Z': true,
      '2024-03-31T23:30:00Z': true,
      '2024-04-01T00:01:00Z': false,
      '2024-03-30T21:30:00Z': false,
    });
  });

  it('finds the previous day across a month boundary (leap February)', () => {
    const s = schedule({ recurrenceType: 'monthly', daysOfMonth: [29], startTime: '23:00', endTime: '01:00' });
    expect(activeAt(s, ['2024-03-01T00:30:00Z', '2023-03-01T00:30:00Z', '2024-03-29T23:30:00Z'])).toEqual({
      '2024-03-01T00:30:00Z': true, // started 29 Feb 2024
      '2023-03-01T00:30:00Z': false, // started 28 Feb 2023
      '2024-03-29T23:30:00Z': true,
    });
  });

  it('uses the local date in New York', () => {
    const first = schedule({ recurrenceType: 'monthly', timezone: 'America/New_York', daysOfMonth: [1] });
    // 1 December 03:00 UTC is still 30 November in New York.
    expect(activeAt(first, ['2024-12-01T03:00:00Z', '2024-12-01T06:00:00Z'])).toEqual({
      '2024-12-01T03:00:00Z': false,
      '2024-12-01T06:00:00Z': true,
    });
  });
});

describe('cron', () => {
  it('is active while the expression matches the current local minute, across the New York DST change', () => {
    const businessHours = schedule({
      recurrenceType: 'cron',
      timezone: 'America/New_York',
      cronExpression: '* 9-17 * * 1-5',
    });
    expect(
      activeAt(businessHours, [
        '2024-03-08T13:59:59Z', // Friday 08:59:59 EST
        '2024-03-08T14:00:00Z', // Friday 09:00 EST
        '2024-03-08T22:59:59.999Z', // Friday 17:59:59.999 EST
        '2024-03-09T15:00:00Z', // Saturday
        '2024-03-11T13:00:00Z', // Monday 09:00 EDT
        '2024-03-11T21:30:45Z', // Monday 17:30:45 EDT
        '2024-03-11T22:00:00Z', // Monday 18:00 EDT (17:00 in EST)
      ]),
    ).toEqual({
      '2024-03-08T13:59:59Z': false,
      '2024-03-08T14:00:00Z': true,
      '2024-03-08T22:59:59.999Z': true,
      '2024-03-09T15:00:00Z': false,
      '2024-03-11T13:00:00Z': true,
      '2024-03-11T21:30:45Z': true,
      '2024-03-11T22:00:00Z': false,
    });
  });

  it('follows Berlin hours through both DST changes', () => {
    const twoOClock = schedule({ recurrenceType: 'cron', timezone: 'Europe/Berlin', cronExpression: '* 2 * * *' });
    expect(
      activeAt(twoOClock, [
        '2024-03-31T00:30:00Z', // 01:30 CET
        '2024-03-31T01:30:00Z', // 03:30 CEST: 02:xx never happens that night
        '2024-10-27T00:30:00Z', // 02:30 CEST
        '2024-10-27T01:30:00Z', // 02:30 CET, the repeated hour
        '2024-10-27T02:30:00Z', // 03:30 CET
      ]),
    ).toEqual({
      '2024-03-31T00:30:00Z': false,
      '2024-03-31T01:30:00Z': false,
      '2024-10-27T00:30:00Z': true,
      '2024-10-27T01:30:00Z': true,
      '2024-10-27T02:30:00Z': false,
    });
  });

  it('also requires the startTime–endTime window', () => {
    const firstHalfHours = schedule({
      recurrenceType: 'cron',
      timezone: 'Europe/Berlin',
      cronExpression: '0-29 * * * *',
      startTime: '10:00',
      endTime: '11:59',
    });
    expect(activeAt(firstHalfHours, ['2024-07-01T08:15:00Z', '2024-07-01T08:45:00Z', '2024-07-01T10:15:00Z'])).toEqual({
      '2024-07-01T08:15:00Z': true, // 10:15 CEST
      '2024-07-01T08:45:00Z': false, // 10:45 CEST
      '2024-07-01T10:15:00Z': false, // 12:15 CEST
    });
  });

  it('matches seconds with a six-field expression', () => {
    const everyTenSeconds = schedule({ recurrenceType: 'cron', cronExpression: '*/10 * * * * *' });
    expect(activeAt(everyTenSeconds, ['2024-07-01T08:15:20.500Z', '2024-07-01T08:15:25Z'])).toEqual({
      '2024-07-01T08:15:20.500Z': true,
      '2024-07-01T08:15:25Z': false,
    });
  });
});

describe('validity and fail-closed reading', () => {
  it('is inactive before validFrom and after validUntil, both bounds inclusive', () => {
    const s = schedule({
      validFrom: new Date('2024-06-01T00:00:00Z'),
      validUntil: new Date('2024-06-30T23:59:59.999Z'),
    });
    expect(
      activeAt(s, [
        '2024-05-31T23:59:59.999Z',
        '2024-06-01T00:00:00Z',
        '2024-06-30T23:59:59.999Z',
        '2024-07-01T00:00:00Z',
      ]),
    ).toEqual({
      '2024-05-31T23:59:59.999Z': false,
      '2024-06-01T00:00:00Z': true,
      '2024-06-30T23:59:59.999Z': true,
      '2024-07-01T00:00:00Z': false,
    });
  });

  it('is inactive when disabled', () => {
    expect(isTimeScheduleActive(schedule({ enabled: false }), new Date('2024-06-01T12:00:00Z'))).toBe(false);
    expect(isTimeScheduleActive(schedule({ enabled: true }), new Date('2024-06-01T12:00:00Z'))).toBe(true);
  });

  it('answers at the very ends of the Date range without throwing', () => {
    for (const timezone of ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata']) {
      for (const ms of [8.64e15, -8.64e15]) {
        expect(typeof isTimeScheduleActive(schedule({ timezone }), new Date(ms))).toBe('boolean');
      }
    }
    expect(isTimeScheduleActive(schedule({ timezone: 'America/New_York' }), new Date(8.64e15))).toBe(true);
  });

  it.each([
    ['an unknown timezone', { timezone: 'Mars/Olympus_Mons' }],
    ['a malformed startTime', { startTime: '25:00' }],
    ['a malformed endTime', { endTime: '9am' }],
    ['a malformed cron expression', { recurrenceType: 'cron', cronExpression: 'every day' }],
    ['a cron schedule without expression', { recurrenceType: 'cron', cronExpression: null }],
    ['an invalid date', {}],
  ] as const)('is inactive, without throwing, for %s', (label, fields) => {
    const at = label === 'an invalid date' ? new Date(Number.NaN) : new Date('2024-06-01T12:00:00Z');
    expect(isTimeScheduleActive(schedule(fields as Partial<TimeSchedule>), at)).toBe(false);
  });
});
