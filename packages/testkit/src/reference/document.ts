import {
  ConflictError,
  type FeatureFlag,
  type FlagOverride,
  NotFoundError,
  type RolloutPhase,
  type ScheduledFlagChange,
  type Segment,
  type TimeSchedule,
} from '@flags/core';
import { ReferenceFeed } from './feed.js';

/** Everything a reference store holds, as one plain document that every write replaces whole. */
export interface ReferenceState {
  revision: number;
  /** Stored with `timeSchedules: []`; reads attach the flag's schedules. */
  flags: FeatureFlag[];
  overrides: FlagOverride[];
  segments: Segment[];
  scheduledChanges: ScheduledFlagChange[];
  timeSchedules: TimeSchedule[];
  rolloutPhases: RolloutPhase[];
}

/** The "disk" under reference stores: a store reopened over the same document sees the same data. */
export class ReferenceDocument {
  state: ReferenceState = {
    revision: 0,
    flags: [],
    overrides: [],
    segments: [],
    scheduledChanges: [],
    timeSchedules: [],
    rolloutPhases: [],
  };
  /** The change feed: kept beside the state (not copied by every write), shared by reopened stores. */
  readonly feed = new ReferenceFeed();
}

/** What a write callback returns when it decided to change nothing (no commit, no new revision). */
export class Unchanged<T> {
  constructor(readonly answer: T) {}
}

/** Prefix of every error message the reference store throws. */
export const PREFIX = '[@flags/testkit]';

/** @throws NotFoundError when no flag has `flagId`. */
export function requireFlag(s: ReferenceState, flagId: string): void {
  if (!s.flags.some((f) => f.id === flagId)) throw new NotFoundError(`${PREFIX} no flag has id "${flagId}"`);
}

/** @throws ConflictError when a row has `id`. */
export function requireFreeId(rows: readonly { id: string }[], id: string, what: string): void {
  if (rows.some((row) => row.id === id)) throw new ConflictError(`${PREFIX} ${what} id "${id}" is taken`);
}

/** The index of the row with `id`. @throws NotFoundError when none has it. */
export function requireIndex(rows: readonly { id: string }[], id: string, what: string): number {
  const index = rows.findIndex((row) => row.id === id);
  if (index < 0) throw new NotFoundError(`${PREFIX} no ${what} has id "${id}"`);
  return index;
}

/** Removes the row with `id` from a table; {@link Unchanged} false when there is none. */
export function removeById<K extends 'scheduledChanges' | 'timeSchedules' | 'rolloutPhases'>(
  s: ReferenceState,
  table: K,
  id: string,
): boolean | Unchanged<boolean> {
  const rows: readonly { id: string }[] = s[table];
  if (!rows.some((row) => row.id === id)) return new Unchanged(false);
  s[table] = rows.filter((row) => row.id !== id) as ReferenceState[K];
  return true;
}
