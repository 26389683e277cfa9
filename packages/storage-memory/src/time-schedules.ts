import type { TimeSchedule, TimeScheduleInput, TimeScheduleQuery } from '@flags/core';
import { ConflictError, copyTimeSchedule, createTimeSchedule, NotFoundError } from '@flags/core';
import { journal } from './journal.js';
import { compareText, copyAll, copyDate, PACKAGE } from './support.js';
import { addToIndex, type MemoryTables, removeFromIndex, requireFlagId } from './tables.js';

const MODEL = 'time schedule';

function compareSchedules(a: TimeSchedule, b: TimeSchedule): number {
  return compareText(a.flagId, b.flagId) || compareText(a.name, b.name) || compareText(a.id, b.id);
}

const NO_SCHEDULES: readonly TimeSchedule[] = Object.freeze([]);

/**
 * The flag's stored time schedules sorted by name then id (what a flag read attaches, after copying).
 * Kept sorted between writes: a flag read must not sort on every evaluation.
 */
export function storedSchedulesOfFlag(tables: MemoryTables, flagId: string): readonly TimeSchedule[] {
  const ids = tables.scheduleIdsByFlag.get(flagId);
  if (!ids) return NO_SCHEDULES;
  let sorted = tables.sortedSchedulesByFlag.get(flagId);
  if (sorted === undefined) {
    sorted = [...ids].map((id) => tables.timeSchedules.get(id)!).sort(compareSchedules);
    tables.sortedSchedulesByFlag.set(flagId, sorted);
  }
  return sorted;
}

export function getTimeSchedules(tables: MemoryTables, query: TimeScheduleQuery = {}): TimeSchedule[] {
  if (query.flagId !== undefined) return copyAll(storedSchedulesOfFlag(tables, query.flagId), copyTimeSchedule);
  return copyAll([...tables.timeSchedules.values()].sort(compareSchedules), copyTimeSchedule);
}

export function insertTimeSchedule(tables: MemoryTables, input: TimeScheduleInput, now: Date): TimeSchedule {
  const schedule = createTimeSchedule(input);
  requireFlagId(tables, schedule.flagId);
  if (tables.timeSchedules.has(schedule.id)) {
    throw new ConflictError(`${PACKAGE} ${MODEL} id "${schedule.id}" is taken`);
  }
  const stored: TimeSchedule = { ...schedule, createdAt: now, updatedAt: copyDate(now) };
  tables.timeSchedules.set(stored.id, stored);
  addToIndex(tables.scheduleIdsByFlag, stored.flagId, stored.id);
  tables.sortedSchedulesByFlag.delete(stored.flagId);
  journal(tables, 'time-schedule', 'upsert', stored);
  return copyTimeSchedule(stored);
}

export function replaceTimeSchedule(
  tables: MemoryTables,
  input: TimeSchedule | TimeScheduleInput,
  now: Date,
): TimeSchedule {
  const schedule = createTimeSchedule(input);
  const current = tables.timeSchedules.get(schedule.id);
  if (!current) throw new NotFoundError(`${PACKAGE} no ${MODEL} has id "${schedule.id}"`);
  requireFlagId(tables, schedule.flagId);
  const stored: TimeSchedule = { ...schedule, createdAt: current.createdAt, updatedAt: now };
  tables.timeSchedules.set(stored.id, stored);
  removeFromIndex(tables.scheduleIdsByFlag, current.flagId, current.id);
  addToIndex(tables.scheduleIdsByFlag, stored.flagId, stored.id);
  tables.sortedSchedulesByFlag.delete(current.flagId);
  tables.sortedSchedulesByFlag.delete(stored.flagId);
  journal(tables, 'time-schedule', 'upsert', stored);
  return copyTimeSchedule(stored);
}

export function removeTimeSchedule(tables: MemoryTables, id: string): boolean {
  const current = tables.timeSchedules.get(id);
  if (!current) return false;
  tables.timeSchedules.delete(id);
  journal(tables, 'time-schedule', 'delete', current);
  removeFromIndex(tables.scheduleIdsByFlag, current.flagId, id);
  tables.sortedSchedulesByFlag.delete(current.flagId);
  return true;
}
