import {
  ConflictError,
  createFlag,
  createOverride,
  type FeatureFlag,
  type FeatureFlagInput,
  type FlagOverride,
  type FlagOverrideInput,
  isOverrideExpired,
  NotFoundError,
} from '@flags/core';
import { PREFIX, type ReferenceState, requireFlag, Unchanged } from './document.js';

// Each function edits a draft document synchronously and returns what the store method returns.

/** createFlag: validates, refuses a taken key or id, stores at version 1. */
export function insertFlag(s: ReferenceState, input: FeatureFlagInput, now: Date): FeatureFlag {
  const flag = createFlag(input);
  if (s.flags.some((f) => f.key === flag.key)) throw new ConflictError(`${PREFIX} flag key "${flag.key}" is taken`);
  if (s.flags.some((f) => f.id === flag.id)) throw new ConflictError(`${PREFIX} flag id "${flag.id}" is taken`);
  const stored = { ...flag, timeSchedules: [], version: 1, createdAt: now, updatedAt: now };
  s.flags.push(stored);
  return stored;
}

/** updateFlag: validates, finds the flag by key and id (none given: not found), compares versions, stores version + 1. */
export function replaceFlag(s: ReferenceState, input: FeatureFlag | FeatureFlagInput, now: Date): FeatureFlag {
  const flag = createFlag(input);
  const index = input.id === undefined ? -1 : s.flags.findIndex((f) => f.key === flag.key && f.id === flag.id);
  const current = s.flags[index];
  if (!current) throw new NotFoundError(`${PREFIX} no flag "${flag.key}" with id "${flag.id}"`);
  if (flag.version !== current.version) {
    throw new ConflictError(`${PREFIX} flag "${flag.key}" is at version ${current.version}, not ${flag.version}`);
  }
  const stored: FeatureFlag = {
    ...flag,
    id: current.id,
    timeSchedules: [],
    version: current.version + 1,
    createdAt: current.createdAt,
    updatedAt: now,
  };
  s.flags[index] = stored;
  return stored;
}

/** deleteFlag: removes the flag and every record of it. */
export function removeFlag(s: ReferenceState, key: string): boolean | Unchanged<boolean> {
  const flag = s.flags.find((f) => f.key === key);
  if (!flag) return new Unchanged(false);
  const other = <T extends { flagId: string }>(row: T) => row.flagId !== flag.id;
  s.flags = s.flags.filter((f) => f !== flag);
  s.overrides = s.overrides.filter(other);
  s.scheduledChanges = s.scheduledChanges.filter(other);
  s.timeSchedules = s.timeSchedules.filter(other);
  s.rolloutPhases = s.rolloutPhases.filter(other);
  return true;
}

/** upsertOverride: validates, needs the flag, refuses an id taken by another entity, replaces an existing override keeping its id and createdAt. */
export function putOverride(s: ReferenceState, input: FlagOverrideInput, now: Date): FlagOverride {
  const override = createOverride(input);
  requireFlag(s, override.flagId);
  const same = (o: FlagOverride) =>
    o.flagId === override.flagId && o.entityType === override.entityType && o.entityId === override.entityId;
  const previous = s.overrides.find(same);
  // An expired override counts as absent: the upsert starts a new one.
  const current = previous && !isOverrideExpired(previous, now) ? previous : undefined;
  // Another entity's id is never taken over: that would replace (or duplicate) the other entity's override.
  if (!current && s.overrides.some((o) => o.id === override.id && o !== previous)) {
    throw new ConflictError(`${PREFIX} override id "${override.id}" is taken`);
  }
  const stored: FlagOverride = current
    ? { ...override, id: current.id, createdAt: current.createdAt, updatedAt: now }
    : { ...override, createdAt: now, updatedAt: now };
  s.overrides = [...s.overrides.filter((o) => !same(o)), stored];
  return stored;
}

/** deleteOverride. */
export function removeOverride(
  s: ReferenceState,
  flagId: string,
  entityType: string,
  entityId: string,
  now: Date,
): boolean | Unchanged<boolean> {
  const found = s.overrides.find((o) => o.flagId === flagId && o.entityType === entityType && o.entityId === entityId);
  if (!found) return new Unchanged(false);
  s.overrides = s.overrides.filter((o) => o !== found);
  // An expired override was already invisible: it is dropped, but there was nothing to delete.
  return !isOverrideExpired(found, now);
}
