import { CronPattern } from 'croner';
import * as v from 'valibot';
import { RECURRENCE_TYPES } from '../models/enums.js';
import type { TimeScheduleInput } from '../models/inputs.js';
import { LIMITS } from '../models/limits.js';
import type { TimeSchedule } from '../models/schedule.js';
import { generateId } from '../util/ids.js';
import { parseModel } from './issues.js';
import {
  booleanWithDefault,
  crossFieldCheck,
  intInRange,
  isRecord,
  model,
  nonEmptyString,
  nullableDate,
  oneOf,
  optionalDate,
  optionalId,
  textUpTo,
  timeOfDaySchema,
  timezoneSchema,
} from './primitives.js';

/** Why croner rejects `expression`, or null when it accepts it. */
export function cronProblem(expression: string): string | null {
  try {
    new CronPattern(expression);
    return null;
  } catch (error) {
    return `invalid cron expression ${JSON.stringify(expression)}: ${(error as Error).message}`;
  }
}

const dayList = (min: number, max: number) => v.nullish(v.array(intInRange(min, max)), null);

const timeScheduleSchema = v.pipe(
  model({
    id: optionalId,
    flagId: nonEmptyString,
    name: v.optional(textUpTo(LIMITS.maxTextLength), ''),
    recurrenceType: oneOf(RECURRENCE_TYPES),
    startTime: v.optional(timeOfDaySchema, '00:00'),
    endTime: v.optional(timeOfDaySchema, '23:59:59'),
    daysOfWeek: dayList(0, 6),
    daysOfMonth: dayList(1, 31),
    cronExpression: v.nullish(v.string(), null),
    timezone: v.optional(timezoneSchema, 'UTC'),
    enabled: booleanWithDefault(true),
    validFrom: nullableDate,
    validUntil: nullableDate,
    createdAt: optionalDate,
    updatedAt: optionalDate,
  }),
  crossFieldCheck((s, report) => {
    if (!isRecord(s)) return;
    const issue = (field: string, message: string) => report([field], message);
    const isEmptyList = (list: unknown) => list === null || (Array.isArray(list) && list.length === 0);
    if (s.recurrenceType === 'weekly' && isEmptyList(s.daysOfWeek)) {
      issue('daysOfWeek', 'weekly schedules need days 0 (Monday) to 6');
    }
    if (s.recurrenceType === 'monthly' && isEmptyList(s.daysOfMonth)) {
      issue('daysOfMonth', 'monthly schedules need days 1 to 31');
    }
    if (typeof s.cronExpression === 'string') {
      const problem = cronProblem(s.cronExpression);
      if (problem) issue('cronExpression', problem);
    } else if (s.recurrenceType === 'cron' && s.cronExpression === null) {
      issue('cronExpression', 'cron schedules need a cronExpression');
    }
    const { validFrom, validUntil } = s;
    if (validFrom instanceof Date && validUntil instanceof Date && validUntil.getTime() < validFrom.getTime()) {
      issue('validUntil', 'must not be before validFrom');
    }
  }),
  v.transform((s): TimeSchedule => {
    const now = Date.now();
    return {
      id: s.id ?? generateId(),
      flagId: s.flagId,
      name: s.name,
      recurrenceType: s.recurrenceType,
      startTime: s.startTime,
      endTime: s.endTime,
      daysOfWeek: s.daysOfWeek,
      daysOfMonth: s.daysOfMonth,
      cronExpression: s.cronExpression,
      timezone: s.timezone,
      enabled: s.enabled,
      validFrom: s.validFrom,
      validUntil: s.validUntil,
      createdAt: s.createdAt ?? new Date(now),
      updatedAt: s.updatedAt ?? new Date(now),
    };
  }),
);

/**
 * Validates a time schedule and returns a new, fully defaulted {@link TimeSchedule} sharing nothing
 * with `input`: `HH:MM[:SS]` times, an IANA `timezone` (default `UTC`), `daysOfWeek` 0–6 for weekly,
 * `daysOfMonth` 1–31 for monthly, a croner-accepted `cronExpression` for cron.
 * @throws ValidationError e.g. `timezone: unknown timezone "Mars/Olympus"`.
 */
export function createTimeSchedule(input: TimeScheduleInput): TimeSchedule {
  return parseModel(timeScheduleSchema, input, 'time schedule');
}
