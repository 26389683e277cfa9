import type { JsonValue } from '../../models/json.js';
import { OUTSIDE, secondOfDay, TODAY, windowStart } from '../time-schedule.js';
import { toEpochMs } from '../values.js';
import { zonedTime } from '../zoned-time.js';
import type { ValueTest } from './types.js';

function daysOf(value: unknown): ReadonlySet<number> | null | undefined {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value) || !value.every((d) => Number.isInteger(d) && d >= 0 && d <= 6)) return undefined;
  return new Set(value as number[]);
}

function clockWindow(start: number, end: number, timezone: string, days: ReadonlySet<number> | null): ValueTest {
  return (value) => {
    const ms = toEpochMs(value);
    if (Number.isNaN(ms)) return false;
    const local = zonedTime(value instanceof Date ? value : new Date(ms), timezone);
    const started = windowStart(start, end, local.secondOfDay);
    if (started === OUTSIDE) return false;
    // A window that wraps midnight belongs to the day it started, as a time schedule's does.
    return days === null || days.has(started === TODAY ? local.weekday : (local.weekday + 6) % 7);
  };
}

/**
 * `time_window`: the attribute (normally `timestamp`, the evaluation time) lies in the window, bounds
 * inclusive. The operand is either `{ start, end, timezone?, daysOfWeek? }` with `HH:MM[:SS]` bounds
 * read on the wall clock of `timezone` (default UTC; the window may wrap midnight; days 0 = Monday …
 * 6 = Sunday) or `{ start, end }` ISO-8601 instants. A malformed operand never matches.
 */
export function timeWindow(operand: JsonValue): ValueTest {
  if (typeof operand !== 'object' || operand === null || Array.isArray(operand)) return () => false;
  const { start, end, timezone, daysOfWeek } = operand;
  const startSecond = secondOfDay(start, false);
  const endSecond = secondOfDay(end, true);
  if (!Number.isNaN(startSecond) && !Number.isNaN(endSecond)) {
    const zone = timezone === undefined || timezone === null ? 'UTC' : timezone;
    const days = daysOf(daysOfWeek);
    if (typeof zone !== 'string' || days === undefined) return () => false;
    try {
      zonedTime(new Date(0), zone);
    } catch {
      return () => false;
    }
    return clockWindow(startSecond, endSecond, zone, days);
  }
  const from = toEpochMs(start);
  const until = toEpochMs(end);
  if (Number.isNaN(from) || Number.isNaN(until)) return () => false;
  return (value) => {
    const ms = toEpochMs(value);
    return ms >= from && ms <= until;
  };
}
