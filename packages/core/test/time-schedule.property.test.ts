import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isTimeScheduleActive } from '../src/evaluation/time-schedule.js';
import { zonedTime } from '../src/evaluation/zoned-time.js';
import type { TimeSchedule } from '../src/models/index.js';

function schedule(fields: Partial<TimeSchedule>): TimeSchedule {
  return {
    id: 'schedule-1',
    flagId: 'flag-1',
    name: 'window',
    recurrenceType: 'daily',
    startTime: '00:00:00',
    endTime: '23:59:59',
    daysOfWeek: null,
    daysOfMonth: null,
    cronExpression: null,
    timezone: 'UTC',
    enabled: true,
    validFrom: null,
    validUntil: null,
    createdAt: new Date(0),
    updatedAt: new Date(0),
    ...fields,
  };
}

const pad = (n: number) => String(n).padStart(2, '0');
const hms = (second: number) =>
  `${pad(Math.floor(second / 3600))}:${pad(Math.floor(second / 60) % 60)}:${pad(second % 60)}`;

const DAY = 86_400;
const instant = fc.date({
  min: new Date('1990-01-01T00:00:00Z'),
  max: new Date('2090-01-01T00:00:00Z'),
  noInvalidDate: true,
});
const secondOfDay = fc.integer({ min: 0, max: DAY - 1 });
// St John's and Lord Howe change offset at half past a UTC hour (and Lord Howe by 30 minutes).
const zones = fc.constantFrom(
  'UTC',
  'Europe/Berlin',
  'America/New_York',
  'Asia/Kolkata',
  'Australia/Lord_Howe',
  'America/St_Johns',
);

/** The time of day at `at` shifted by a fixed offset, computed without Intl. */
const fixedOffsetSecond = (at: Date, offsetSeconds: number) =>
  (((Math.floor(at.getTime() / 1000) + offsetSeconds) % DAY) + DAY) % DAY;

/** The wall clock of `at` in `timeZone`, read by a fresh formatter every time (no caching). */
function referenceReading(at: Date, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    weekday: 'short',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    year: Number(get('year')),
    month: Number(get('month')),
    day: Number(get('day')),
    hour: Number(get('hour')) % 24,
    minute: Number(get('minute')),
    second: Number(get('second')),
    weekday: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(get('weekday')),
  };
}

describe('time schedule properties', () => {
  it('zonedTime reads the same wall clock as a fresh Intl formatter, DST hours included', () => {
    // Instants near transitions are where the per-hour offset cache could go wrong.
    const nearTransition = fc
      .tuple(
        fc.constantFrom(
          '2024-03-31T01:00:00Z',
          '2024-10-27T01:00:00Z',
          '2024-03-10T07:00:00Z',
          '2024-11-03T06:00:00Z',
          '2024-04-06T15:00:00Z',
        ),
        fc.integer({ min: -7_200, max: 7_200 }),
      )
      .map(([iso, seconds]) => new Date(Date.parse(iso) + seconds * 1000));
    fc.assert(
      fc.property(fc.oneof(instant, nearTransition), zones, (at, timezone) => {
        const { secondOfDay: _, wallClockMs: __, ...reading } = zonedTime(at, timezone);
        expect(reading).toStrictEqual(referenceReading(at, timezone));
      }),
      { numRuns: 500 },
    );
  });

  it('a daily window in a fixed-offset zone is active exactly when the shifted time of day is inside it', () => {
    fc.assert(
      fc.property(instant, secondOfDay, secondOfDay, (at, a, b) => {
        const [start, end] = a <= b ? [a, b] : [b, a];
        const inside = (offset: number) => {
          const t = fixedOffsetSecond(at, offset);
          return t >= start && t <= end;
        };
        const window = { startTime: hms(start), endTime: hms(end) };
        expect(isTimeScheduleActive(schedule({ ...window, timezone: 'UTC' }), at)).toBe(inside(0));
        // Asia/Kolkata has been UTC+05:30 without DST since 1945.
        expect(isTimeScheduleActive(schedule({ ...window, timezone: 'Asia/Kolkata' }), at)).toBe(inside(19_800));
      }),
    );
  });

  it('a window and its wrapped complement cover every instant exactly once', () => {
    fc.assert(
      fc.property(instant, zones, secondOfDay, secondOfDay, (at, timezone, a, b) => {
        // The complement of a whole-day window would be empty, which a window cannot express.
        fc.pre(a < b && !(a === 0 && b === DAY - 1));
        const window = isTimeScheduleActive(schedule({ timezone, startTime: hms(a), endTime: hms(b) }), at);
        const rest = { timezone, startTime: hms((b + 1) % DAY), endTime: hms((a + DAY - 1) % DAY) };
        const complement = isTimeScheduleActive(schedule(rest), at);
        expect(window !== complement).toBe(true);
      }),
    );
  });

  it('weekly with every weekday, and monthly with every day, equal daily', () => {
    fc.assert(
      fc.property(instant, zones, secondOfDay, secondOfDay, (at, timezone, a, b) => {
        const window = { timezone, startTime: hms(a), endTime: hms(b) };
        const daily = isTimeScheduleActive(schedule(window), at);
        const weekly = schedule({ ...window, recurrenceType: 'weekly', daysOfWeek: [0, 1, 2, 3, 4, 5, 6] });
        const monthly = schedule({
          ...window,
          recurrenceType: 'monthly',
          daysOfMonth: Array.from({ length: 31 }, (_, i) => i + 1),
        });
        expect(isTimeScheduleActive(weekly, at)).toBe(daily);
        expect(isTimeScheduleActive(monthly, at)).toBe(daily);
      }),
    );
  });

  it('a cron expression of hours and weekdays agrees with the equivalent weekly window in every zone', () => {
    fc.assert(
      fc.property(
        instant,
        zones,
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 6 }),
        (at, timezone, a, b, weekday) => {
          const [from, to] = a <= b ? [a, b] : [b, a];
          // cron counts weekdays from Sunday = 0, schedules from Monday = 0.
          const cron = schedule({
            timezone,
            recurrenceType: 'cron',
            cronExpression: `* ${from}-${to} * * ${(weekday + 1) % 7}`,
          });
          const weekly = schedule({
            timezone,
            recurrenceType: 'weekly',
            daysOfWeek: [weekday],
            startTime: `${pad(from)}:00`,
            endTime: `${pad(to)}:59:59`,
          });
          expect(isTimeScheduleActive(cron, at)).toBe(isTimeScheduleActive(weekly, at));
        },
      ),
    );
  });

  it('the seven single-day weekly schedules partition a whole-day window', () => {
    fc.assert(
      fc.property(instant, zones, (at, timezone) => {
        const active = [0, 1, 2, 3, 4, 5, 6].filter((day) =>
          isTimeScheduleActive(schedule({ timezone, recurrenceType: 'weekly', daysOfWeek: [day] }), at),
        );
        expect(active).toHaveLength(1);
      }),
    );
  });

  it('is never active outside validFrom–validUntil', () => {
    fc.assert(
      fc.property(instant, instant, instant, zones, (at, x, y, timezone) => {
        const [validFrom, validUntil] = x <= y ? [x, y] : [y, x];
        const active = isTimeScheduleActive(schedule({ timezone, validFrom, validUntil }), at);
        expect(active).toBe(at >= validFrom && at <= validUntil);
      }),
    );
  });

  it('never throws, whatever the strings', () => {
    fc.assert(
      fc.property(
        instant,
        fc.string(),
        fc.string(),
        fc.string(),
        fc.string(),
        (at, timezone, startTime, endTime, cron) => {
          const s = schedule({ recurrenceType: 'cron', timezone, startTime, endTime, cronExpression: cron });
          expect(typeof isTimeScheduleActive(s, at)).toBe('boolean');
        },
      ),
    );
  });
});
