import type { FeatureFlag, FeatureFlagInput } from '@flags/core';
import { ConflictError, copyFlag, createFlag, NotFoundError } from '@flags/core';
import { requireFlagBatch } from '@flags/core/backend';
import { journal } from './journal.js';
import { compareText, copyDate, PACKAGE } from './support.js';
import type { MemoryTables } from './tables.js';
import { storedSchedulesOfFlag } from './time-schedules.js';

/** A copy of a stored flag with its time schedules attached, ready to hand out. */
function readFlag(tables: MemoryTables, stored: FeatureFlag): FeatureFlag {
  return copyFlag(stored, storedSchedulesOfFlag(tables, stored.id));
}

function sortedKeys(tables: MemoryTables): string[] {
  tables.sortedFlagKeys ??= [...tables.flagsByKey.keys()].sort(compareText);
  return tables.sortedFlagKeys;
}

export function getFlag(tables: MemoryTables, key: string): FeatureFlag | null {
  const stored = tables.flagsByKey.get(key);
  return stored ? readFlag(tables, stored) : null;
}

export function getFlags(tables: MemoryTables, keys: readonly string[]): Map<string, FeatureFlag> {
  const found = new Map<string, FeatureFlag>();
  for (const key of keys) {
    const stored = tables.flagsByKey.get(key);
    if (stored && !found.has(key)) found.set(key, readFlag(tables, stored));
  }
  return found;
}

export function getAllFlags(tables: MemoryTables, activeOnly: boolean): FeatureFlag[] {
  const flags: FeatureFlag[] = [];
  for (const key of sortedKeys(tables)) {
    const stored = tables.flagsByKey.get(key)!;
    if (!activeOnly || stored.status === 'active') flags.push(readFlag(tables, stored));
  }
  return flags;
}

export function insertFlag(tables: MemoryTables, input: FeatureFlagInput, now: Date): FeatureFlag {
  const flag = createFlag(input);
  if (tables.flagsByKey.has(flag.key)) throw new ConflictError(`${PACKAGE} flag key "${flag.key}" is taken`);
  if (tables.flagsById.has(flag.id)) throw new ConflictError(`${PACKAGE} flag id "${flag.id}" is taken`);
  const stored: FeatureFlag = { ...flag, timeSchedules: [], version: 1, createdAt: now, updatedAt: copyDate(now) };
  tables.flagsByKey.set(stored.key, stored);
  tables.flagsById.set(stored.id, stored);
  tables.sortedFlagKeys = null;
  journal(tables, 'flag', 'upsert', stored, stored.key);
  return readFlag(tables, stored);
}

/** createFlags: every flag checked (valid, keys and ids free) before the first is stored. */
export function insertFlags(tables: MemoryTables, inputs: readonly FeatureFlagInput[], now: Date): FeatureFlag[] {
  const batch = requireFlagBatch(inputs);
  for (const flag of batch) {
    if (tables.flagsByKey.has(flag.key)) throw new ConflictError(`${PACKAGE} flag key "${flag.key}" is taken`);
    if (tables.flagsById.has(flag.id)) throw new ConflictError(`${PACKAGE} flag id "${flag.id}" is taken`);
  }
  return batch.map((flag) => insertFlag(tables, flag, now));
}

export function replaceFlag(tables: MemoryTables, input: FeatureFlag | FeatureFlagInput, now: Date): FeatureFlag {
  const flag = createFlag(input);
  const current = tables.flagsByKey.get(flag.key);
  if (!current || current.id !== flag.id) {
    throw new NotFoundError(`${PACKAGE} no flag has key "${flag.key}" and id "${flag.id}"`);
  }
  if (flag.version !== current.version) {
    throw new ConflictError(
      `${PACKAGE} flag "${flag.key}" is at version ${current.version}, the update carried version ${flag.version}`,
    );
  }
  const stored: FeatureFlag = {
    ...flag,
    timeSchedules: [],
    version: current.version + 1,
    createdAt: current.createdAt,
    updatedAt: now,
  };
  tables.flagsByKey.set(stored.key, stored);
  tables.flagsById.set(stored.id, stored);
  journal(tables, 'flag', 'upsert', stored, stored.key);
  return readFlag(tables, stored);
}

/** Deletes the flag and everything that belongs to it; false when no flag has this key. */
export function removeFlag(tables: MemoryTables, key: string): boolean {
  const flag = tables.flagsByKey.get(key);
  if (!flag) return false;
  journal(tables, 'flag', 'delete', flag, key);
  tables.flagsByKey.delete(key);
  tables.flagsById.delete(flag.id);
  tables.sortedFlagKeys = null;
  for (const override of tables.overridesByFlag.get(flag.id)?.values() ?? []) {
    tables.overridesById.delete(override.id);
    journal(tables, 'override', 'delete', override, key);
  }
  tables.overridesByFlag.delete(flag.id);
  for (const id of tables.changeIdsByFlag.get(flag.id) ?? []) {
    tables.scheduledChanges.delete(id);
    journal(tables, 'scheduled-change', 'delete', { id }, key);
  }
  tables.changeIdsByFlag.delete(flag.id);
  for (const id of tables.scheduleIdsByFlag.get(flag.id) ?? []) {
    tables.timeSchedules.delete(id);
    journal(tables, 'time-schedule', 'delete', { id }, key);
  }
  tables.scheduleIdsByFlag.delete(flag.id);
  tables.sortedSchedulesByFlag.delete(flag.id);
  for (const id of tables.phaseIdsByFlag.get(flag.id)?.values() ?? []) {
    tables.rolloutPhases.delete(id);
    journal(tables, 'rollout-phase', 'delete', { id }, key);
  }
  tables.phaseIdsByFlag.delete(flag.id);
  return true;
}
