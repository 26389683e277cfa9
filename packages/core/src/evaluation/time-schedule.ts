import { CronPattern } from 'croner';
import { LruCache } from '../caching/lru-cache.js';
import type { TimeSchedule } from '../models/index.js';
import { TIME_OF_DAY } from '../validation/primitives.js';
import { cronMatch } from './cron-match.js';
import { daysInPreviousMonth, type ZonedTime, zonedTime } from './zoned-time.js';

// Parses keyed by the text parsed (pure functions of it), bounded so that a stream of distinct
// (e.g. user-built) schedules cannot grow them forever.
const CACHE_LIMIT = 1000;
const parsedStarts = new LruCache<string, number>(CACHE_LIMIT);
const parsedEnds = new LruCache<string, number>(CACHE_LIMIT);
/** A parsed cron expression with its last answer (one per minute or second is all it can change). */
interface CronEntry {
  pattern: CronPattern;
  secondPrecision: boolean;
  lastWallClock: number;
  lastResult: boolean;
}
const crons = new LruCache<string, CronEntry | null>(CACHE_LIMIT);

/**
 * Seconds since midnight of an `HH:MM` or `HH:MM:SS` bound; `NaN` when malformed. An `HH:MM` end
 * covers its whole minute (`17:00` lasts until `17:00:59`), so `00:00`–`23:59` is the whole day.
 */
export function secondOfDay(text: unknown, isEnd: boolean): number {
  if (typeof text !== 'string') return Number.NaN;
  const parsed = isEnd ? parsedEnds : parsedStarts;
  let value = parsed.get(text);
  if (value === undefined) {
    const match = TIME_OF_DAY.exec(text);
    if (match === null) {
      value = Number.NaN;
    } else {
      const seconds = match[3] === undefined ? (isEnd ? 59 : 0) : Number(match[3]);
      value = Number(match[1]) * 3600 + Number(match[2]) * 60 + seconds;
    }
    parsed.set(text, value);
  }
  return value;
}

function cronFor(expression: string): CronEntry | null {
  let entry = crons.get(expression);
  if (entry === undefined) {
    try {
      // Matching reads instants at UTC+0, and it is given the zone's wall clock written as UTC (see
      // cronMatches) — the same answer as croner's own timezone option, several times faster.
      const pattern = new CronPattern(expression);
      // Five-field expressions and nicknames (@hourly…) name minutes; six or more fields name seconds.
      const secondPrecision = expression.trim().split(/\s+/).length >= 6;
      entry = { pattern, secondPrecision, lastWallClock: Number.NaN, lastResult: false };
    } catch {
      entry = null;
    }
    crons.set(expression, entry);
  }
  return entry;
}

/** Where a local time stands against a daily window: outside, or inside the window that started today or yesterday. */
export const OUTSIDE = -1;
export const TODAY = 0;
export const YESTERDAY = 1;

/**
 * The daily window `start`–`end` (seconds of the day, both inclusive) at second `now`: {@link TODAY}
 * inside it; when `start` is after `end` the window wraps midnight, and after midnight `now` lies in
 * the window that started {@link YESTERDAY} — the day whose day test applies; else {@link OUTSIDE}.
 * The one daily-window rule, for time schedules and the `time_window` operator.
 */
export function windowStart(start: number, end: number, now: number): number {
  if (start <= end) return now >= start && now <= end ? TODAY : OUTSIDE;
  if (now >= start) return TODAY;
  return now <= end ? YESTERDAY : OUTSIDE;
}

/** Whether the schedule's day test passes for a local date with this weekday (0 = Monday) and day of month. */
function dayMatches(schedule: TimeSchedule, weekday: number, dayOfMonth: number): boolean {
  switch (schedule.recurrenceType) {
    case 'weekly':
      return schedule.daysOfWeek?.includes(weekday) ?? false;
    case 'monthly':
      return schedule.daysOfMonth?.includes(dayOfMonth) ?? false;
    default:
      return true;
  }
}

function cronMatches(expression: string | null, local: ZonedTime): boolean {
  const entry = expression === null ? null : cronFor(expression);
  if (entry === null) return false;
  const wallClock = entry.secondPrecision ? local.wallClockMs : local.wallClockMs - local.second * 1000;
  if (wallClock !== entry.lastWallClock) {
    entry.lastResult = cronMatch(entry.pattern, new Date(wallClock));
    entry.lastWallClock = wallClock;
  }
  return entry.lastResult;
}

/**
 * Whether `schedule` is active at `at`. Never throws: a schedule it cannot read (unknown timezone,
 * malformed time or cron expression) is inactive.
 *
 * - A disabled schedule, or `at` before `validFrom` or after `validUntil` (both inclusive), → false.
 * - `at` is read on the wall clock of the schedule's IANA `timezone` (DST-correct). The local time
 *   must lie in `startTime`–`endTime`, both inclusive; an `HH:MM` end covers its whole minute. When
 *   `startTime` is after `endTime` the window wraps midnight (`22:00`–`02:00`).
 * - `daily`: every day. `weekly`: the local weekday (0 = Monday … 6 = Sunday) is in `daysOfWeek`.
 *   `monthly`: the local day of month is in `daysOfMonth`. For a window that wraps midnight the
 *   day test applies to the day the window STARTED: a Friday `22:00`–`02:00` window is active
 *   until Saturday 02:00, and not on Friday 00:00–02:00 unless Thursday is listed too.
 * - `cron`: active while `cronExpression` (croner syntax, read in `timezone`; weekday 0 = Sunday as in
 *   standard cron) matches the current minute — or second, for six-field expressions — AND the
 *   local time lies in `startTime`–`endTime` (which default to the whole day). `* 9-17 * * 1-5` is
 *   thus active on weekdays from 09:00:00 to 17:59:59.
 */
export function isTimeScheduleActive(schedule: TimeSchedule, at: Date): boolean {
  if (!schedule.enabled) return false;
  const ms = at.getTime();
  if (Number.isNaN(ms)) return false;
  if (schedule.validFrom !== null && ms < schedule.validFrom.getTime()) return false;
  if (schedule.validUntil !== null && ms > schedule.validUntil.getTime()) return false;

  let local: ZonedTime;
  try {
    local = zonedTime(at, schedule.timezone);
  } catch {
    return false;
  }
  const start = secondOfDay(schedule.startTime, false);
  const end = secondOfDay(schedule.endTime, true);
  if (Number.isNaN(start) || Number.isNaN(end)) return false;

  const started = windowStart(start, end, local.secondOfDay);
  if (started === OUTSIDE) return false;
  if (started === TODAY) {
    if (!dayMatches(schedule, local.weekday, local.day)) return false;
  } else {
    // After midnight, inside a window that started yesterday: yesterday must pass the day test.
    const yesterday = local.day > 1 ? local.day - 1 : daysInPreviousMonth(local.year, local.month);
    if (!dayMatches(schedule, (local.weekday + 6) % 7, yesterday)) return false;
  }
  return schedule.recurrenceType === 'cron' ? cronMatches(schedule.cronExpression, local) : true;
}
