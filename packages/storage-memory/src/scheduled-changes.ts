import type { ScheduledChangeQuery, ScheduledFlagChange, ScheduledFlagChangeInput } from '@flags/core';
import { ConflictError, copyScheduledChange, createScheduledChange, NotFoundError } from '@flags/core';
import { journal } from './journal.js';
import { compareDates, compareText, copyAll, copyDate, PACKAGE } from './support.js';
import { addToIndex, type MemoryTables, removeFromIndex, requireFlagId } from './tables.js';

const MODEL = 'scheduled change';

function compareChanges(a: ScheduledFlagChange, b: ScheduledFlagChange): number {
  return compareDates(a.scheduledAt, b.scheduledAt) || compareText(a.id, b.id);
}

export function getScheduledChanges(tables: MemoryTables, query: ScheduledChangeQuery = {}): ScheduledFlagChange[] {
  const pendingOnly = query.pendingOnly ?? true;
  const candidates =
    query.flagId === undefined
      ? [...tables.scheduledChanges.values()]
      : [...(tables.changeIdsByFlag.get(query.flagId) ?? [])].map((id) => tables.scheduledChanges.get(id)!);
  const changes = pendingOnly ? candidates.filter((change) => !change.executed) : candidates;
  return copyAll(changes.sort(compareChanges), copyScheduledChange);
}

export function insertScheduledChange(
  tables: MemoryTables,
  input: ScheduledFlagChangeInput,
  now: Date,
): ScheduledFlagChange {
  const change = createScheduledChange(input);
  requireFlagId(tables, change.flagId);
  if (tables.scheduledChanges.has(change.id)) throw new ConflictError(`${PACKAGE} ${MODEL} id "${change.id}" is taken`);
  const stored: ScheduledFlagChange = { ...change, createdAt: now, updatedAt: copyDate(now) };
  tables.scheduledChanges.set(stored.id, stored);
  addToIndex(tables.changeIdsByFlag, stored.flagId, stored.id);
  journal(tables, 'scheduled-change', 'upsert', stored);
  return copyScheduledChange(stored);
}

export function replaceScheduledChange(
  tables: MemoryTables,
  input: ScheduledFlagChange | ScheduledFlagChangeInput,
  now: Date,
): ScheduledFlagChange {
  const change = createScheduledChange(input);
  const current = tables.scheduledChanges.get(change.id);
  if (!current) throw new NotFoundError(`${PACKAGE} no ${MODEL} has id "${change.id}"`);
  requireFlagId(tables, change.flagId);
  const stored: ScheduledFlagChange = { ...change, createdAt: current.createdAt, updatedAt: now };
  tables.scheduledChanges.set(stored.id, stored);
  removeFromIndex(tables.changeIdsByFlag, current.flagId, current.id);
  addToIndex(tables.changeIdsByFlag, stored.flagId, stored.id);
  journal(tables, 'scheduled-change', 'upsert', stored);
  return copyScheduledChange(stored);
}

export function removeScheduledChange(tables: MemoryTables, id: string): boolean {
  const current = tables.scheduledChanges.get(id);
  if (!current) return false;
  tables.scheduledChanges.delete(id);
  journal(tables, 'scheduled-change', 'delete', current);
  removeFromIndex(tables.changeIdsByFlag, current.flagId, id);
  return true;
}
