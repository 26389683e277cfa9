import type { FeatureFlag, FlagOverride, RolloutPhase, ScheduledFlagChange, Segment, TimeSchedule } from '@flags/core';
import { NotFoundError } from '@flags/core';
import type { ChangeDraft } from './journal.js';
import { PACKAGE } from './support.js';

/**
 * The records of one store and the indexes its reads need. Stored records are owned by the store:
 * they enter as fresh copies made by core's constructors and leave as deep copies (core's `copy*` functions), so nothing
 * outside ever holds a reference to them.
 */
export interface MemoryTables {
  flagsByKey: Map<string, FeatureFlag>;
  flagsById: Map<string, FeatureFlag>;
  /** Flag keys in ascending order; rebuilt lazily after a flag is created or deleted. */
  sortedFlagKeys: string[] | null;
  /** flagId → composite key (see {@link overrideKey}) → override. */
  overridesByFlag: Map<string, Map<string, FlagOverride>>;
  /** Keeps override ids unique across flags, as a primary key would. */
  overridesById: Map<string, FlagOverride>;
  scheduledChanges: Map<string, ScheduledFlagChange>;
  changeIdsByFlag: Map<string, Set<string>>;
  timeSchedules: Map<string, TimeSchedule>;
  scheduleIdsByFlag: Map<string, Set<string>>;
  /** flagId → its stored time schedules in read order; filled by reads, dropped by every write to them. */
  sortedSchedulesByFlag: Map<string, TimeSchedule[]>;
  rolloutPhases: Map<string, RolloutPhase>;
  /** flagId → phaseNumber → phase id; also enforces `(flagId, phaseNumber)` uniqueness. */
  phaseIdsByFlag: Map<string, Map<number, string>>;
  segmentsById: Map<string, Segment>;
  segmentIdsByName: Map<string, string>;
  childIdsByParent: Map<string, Set<string>>;
  /** Every stored segment in read order (name, then id); rebuilt lazily after any segment write. */
  sortedSegments: Segment[] | null;
  /** The changes of the write now running (see `journal`); emptied when it commits or fails. */
  journal: ChangeDraft[];
}

/** Empty tables and indexes. */
export function createTables(): MemoryTables {
  return {
    flagsByKey: new Map(),
    flagsById: new Map(),
    sortedFlagKeys: null,
    overridesByFlag: new Map(),
    overridesById: new Map(),
    scheduledChanges: new Map(),
    changeIdsByFlag: new Map(),
    timeSchedules: new Map(),
    scheduleIdsByFlag: new Map(),
    sortedSchedulesByFlag: new Map(),
    rolloutPhases: new Map(),
    phaseIdsByFlag: new Map(),
    segmentsById: new Map(),
    segmentIdsByName: new Map(),
    childIdsByParent: new Map(),
    sortedSegments: null,
    journal: [],
  };
}

/** The composite key of an override within its flag; the length prefix keeps it unambiguous. */
export function overrideKey(entityType: string, entityId: string): string {
  const type = String(entityType);
  return `${type.length}:${type}:${String(entityId)}`;
}

/** Adds `value` to the set stored under `key`, creating the set when missing. */
export function addToIndex<K, V>(index: Map<K, Set<V>>, key: K, value: V): void {
  const set = index.get(key);
  if (set) set.add(value);
  else index.set(key, new Set([value]));
}

/** Removes `value` from the set stored under `key`, dropping the set once empty. */
export function removeFromIndex<K, V>(index: Map<K, Set<V>>, key: K, value: V): void {
  const set = index.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) index.delete(key);
}

/** Throws `NotFoundError` unless a flag has this id (the foreign key of every per-flag record). */
export function requireFlagId(tables: MemoryTables, flagId: string): void {
  if (!tables.flagsById.has(flagId)) throw new NotFoundError(`${PACKAGE} no flag has id "${flagId}"`);
}
