import { LruCache } from '../caching/lru-cache.js';

/** The wall-clock reading of an instant in one IANA timezone. */
export interface ZonedTime {
  year: number;
  /** 1–12. */
  month: number;
  /** 1–31. */
  day: number;
  /** 0–23. */
  hour: number;
  minute: number;
  second: number;
  /** 0 = Monday … 6 = Sunday. */
  weekday: number;
  /** Seconds since local midnight: `hour * 3600 + minute * 60 + second`. */
  secondOfDay: number;
  /** The wall-clock reading written as if it were UTC, in ms (whole seconds). */
  wallClockMs: number;
}

// Building an Intl.DateTimeFormat costs far more than using one, so each timezone name keeps one.
// Bounded: zone names are case-insensitive, so user-built names are not a finite set.
const ZONE_LIMIT = 1000;
const formatters = new LruCache<string, Intl.DateTimeFormat>(ZONE_LIMIT);
// formatToParts costs microseconds. A zone's UTC offset only changes at a transition, so each zone
// remembers its offset for one UTC hour (null when a transition falls inside that hour) and reads
// other instants of the hour with plain arithmetic.
const hourOffsets = new LruCache<string, { hour: number; offsetMs: number | null }>(ZONE_LIMIT);
// Evaluations at "now" repeat the same second many times: the last reading per zone is kept whole.
const lastReading = new LruCache<string, { epochSecond: number; time: ZonedTime }>(ZONE_LIMIT);
const HOUR_MS = 3_600_000;
// The largest |ms| a Date can hold.
const MAX_MS = 8.64e15;

function formatterFor(timezone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timezone);
  if (formatter === undefined) {
    // Throws RangeError for an unknown timezone; nothing is cached then.
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timezone, formatter);
  }
  return formatter;
}

/** Milliseconds since the epoch of a UTC calendar time; unlike `Date.UTC`, years 0–99 stay themselves. */
export function utcMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  return date.getTime();
}

/**
 * The weekday (0 = Monday … 6 = Sunday) of a calendar date. Out-of-range days roll over, so
 * `day - 1` on the 1st names the last day of the previous month.
 */
export function weekdayOf(year: number, month: number, day: number): number {
  return (new Date(utcMs(year, month, day)).getUTCDay() + 6) % 7;
}

/** The calendar date before `year-month-day`, as `[year, month, day]`. */
export function previousDate(year: number, month: number, day: number): [number, number, number] {
  const d = new Date(utcMs(year, month, day - 1));
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
}

/** The number of days of the month before `year-month` (month 1–12). */
export function daysInPreviousMonth(year: number, month: number): number {
  return new Date(utcMs(year, month, 0)).getUTCDate();
}

/** The wall-clock time of the whole second `ms`, expressed as if it were UTC (the slow, exact path). */
function wallClockMs(ms: number, timezone: string): number {
  const fields = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  let beforeCommonEra = false;
  for (const part of formatterFor(timezone).formatToParts(new Date(ms))) {
    if (part.type in fields) fields[part.type as keyof typeof fields] = Number(part.value);
    else if (part.type === 'era') beforeCommonEra = part.value === 'BC';
  }
  // Year 1 BC is year 0 of the proleptic Gregorian calendar Date uses.
  if (beforeCommonEra) fields.year = 1 - fields.year;
  // Some engines still print midnight as "24" despite hourCycle h23.
  return utcMs(fields.year, fields.month, fields.day, fields.hour % 24, fields.minute, fields.second);
}

/** The zone's offset (wall clock minus UTC) throughout the UTC hour of `ms`; null when it changes in that hour. */
function offsetInHour(ms: number, timezone: string): number | null {
  const hour = Math.floor(ms / HOUR_MS);
  const cached = hourOffsets.get(timezone);
  if (cached !== undefined && cached.hour === hour) return cached.offsetMs;
  // Clamped so the first and last hours a Date can hold still read (without a RangeError).
  const first = Math.max(hour * HOUR_MS, -MAX_MS);
  const last = Math.min(hour * HOUR_MS + HOUR_MS - 1000, MAX_MS);
  const atFirst = wallClockMs(first, timezone) - first;
  const offsetMs = wallClockMs(last, timezone) - last === atFirst ? atFirst : null;
  hourOffsets.set(timezone, { hour, offsetMs });
  return offsetMs;
}

/**
 * Reads `at` on the wall clock of `timezone` (DST-correct, through `Intl.DateTimeFormat`; no
 * Node-only API, so it runs on edge runtimes). Milliseconds are dropped. At the very ends of the
 * Date range, where the wall clock itself is past what a Date can hold, the fields are NaN.
 * @throws RangeError when `timezone` is not a timezone the runtime knows, or `at` is an invalid Date.
 */
export function zonedTime(at: Date, timezone: string): ZonedTime {
  const epochSecond = Math.floor(at.getTime() / 1000);
  const last = lastReading.get(timezone);
  if (last !== undefined && last.epochSecond === epochSecond) return last.time;

  const ms = epochSecond * 1000;
  const offsetMs = offsetInHour(ms, timezone);
  const local = new Date(offsetMs === null ? wallClockMs(ms, timezone) : ms + offsetMs);
  const hour = local.getUTCHours();
  const minute = local.getUTCMinutes();
  const second = local.getUTCSeconds();
  const time: ZonedTime = {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour,
    minute,
    second,
    weekday: (local.getUTCDay() + 6) % 7,
    secondOfDay: hour * 3600 + minute * 60 + second,
    wallClockMs: local.getTime(),
  };
  lastReading.set(timezone, { epochSecond, time });
  return time;
}
