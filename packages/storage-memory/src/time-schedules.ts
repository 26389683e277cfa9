import type { TimeSchedule, TimeScheduleInput, TimeScheduleQuery } from '@flags/core';
import { ConflictError, createTimeSchedule, NotFoundError } from '@flags/core';
import { compareText, copyDate, copyOut, PACKAGE } from './support.js';
import { addToIndex, type MemoryTables, removeFromIndex, requireFlagId } from './tables.js';

const MODEL = 'time schedule';

function compareSchedules(a: TimeSchedule, b: TimeSchedule): number {
  return compareText(a.flagId, b.flagId) || compareText(a.name, b.name) || compareText(a.id, b.id);
}

/** Copies of the flag's time schedules, sorted by name then id (what a flag read attaches). */
export function schedulesOfFlag(tables: MemoryTables, flagId: string): TimeSchedule[] {
  const ids = tables.scheduleIdsByFlag.get(flagId);
  if (!ids) return [];
  const schedules = [...ids].map((id) => tables.timeSchedules.get(id)!);
  return copyOut(schedules.sort(compareSchedules));
}

export function getTimeSchedules(tables: MemoryTables, query: TimeScheduleQuery = {}): TimeSchedule[] {
  if (query.flagId !== undefined) return schedulesOfFlag(tables, query.flagId);
  return copyOut([...tables.timeSchedules.values()].sort(compareSchedules));
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
  return copyOut(stored);
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
  return copyOut(stored);
}

export function removeTimeSchedule(tables: MemoryTables, id: string): boolean {
  const current = tables.timeSchedules.get(id);
  if (!current) return false;
  tables.timeSchedules.delete(id);
  removeFromIndex(tables.scheduleIdsByFlag, current.flagId, id);
  return true;
}
