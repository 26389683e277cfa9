import {
  ConflictError,
  createFlag,
  createOverride,
  type FeatureFlag,
  type FeatureFlagInput,
  type FlagOverride,
  type FlagOverrideInput,
  NotFoundError,
} from '@flags/core';
import { PACKAGE, requireFlag } from './checks.js';
import { type StoreDocument, Unchanged } from './document.js';

// Each edit changes a freshly loaded document in place and returns what the backend method returns;
// throwing leaves the file untouched.

/** createFlag: validated by core, a taken key or id refused, stored at version 1. */
export function insertFlag(document: StoreDocument, input: FeatureFlagInput, now: Date): FeatureFlag {
  const flag = createFlag(input);
  if (document.flags.some((stored) => stored.key === flag.key)) {
    throw new ConflictError(`${PACKAGE} flag key "${flag.key}" is taken`);
  }
  if (document.flags.some((stored) => stored.id === flag.id)) {
    throw new ConflictError(`${PACKAGE} flag id "${flag.id}" is taken`);
  }
  const created: FeatureFlag = { ...flag, timeSchedules: [], version: 1, createdAt: now, updatedAt: now };
  document.flags.push(created);
  return created;
}

/** updateFlag: found by key (and id when given), refused unless `version` is the stored one. */
export function replaceFlag(document: StoreDocument, input: FeatureFlag | FeatureFlagInput, now: Date): FeatureFlag {
  const flag = createFlag(input);
  const index = document.flags.findIndex(
    (stored) => stored.key === flag.key && (input.id === undefined || stored.id === flag.id),
  );
  const current = document.flags[index];
  if (!current) throw new NotFoundError(`${PACKAGE} no flag "${flag.key}" with id "${flag.id}"`);
  if (flag.version !== current.version) {
    throw new ConflictError(`${PACKAGE} flag "${flag.key}" is at version ${current.version}, not ${flag.version}`);
  }
  const updated: FeatureFlag = {
    ...flag,
    id: current.id,
    timeSchedules: [],
    version: current.version + 1,
    createdAt: current.createdAt,
    updatedAt: now,
  };
  document.flags[index] = updated;
  return updated;
}

/** deleteFlag: the flag and every record that belongs to it, in the same write. */
export function removeFlag(document: StoreDocument, key: string): boolean | Unchanged<boolean> {
  const flag = document.flags.find((stored) => stored.key === key);
  if (!flag) return new Unchanged(false);
  const notOfFlag = (record: { flagId: string }) => record.flagId !== flag.id;
  document.flags = document.flags.filter((stored) => stored !== flag);
  document.overrides = document.overrides.filter(notOfFlag);
  document.scheduledChanges = document.scheduledChanges.filter(notOfFlag);
  document.timeSchedules = document.timeSchedules.filter(notOfFlag);
  document.rolloutPhases = document.rolloutPhases.filter(notOfFlag);
  return true;
}

/** upsertOverride: a replaced override keeps its id and createdAt. */
export function putOverride(document: StoreDocument, input: FlagOverrideInput, now: Date): FlagOverride {
  const override = createOverride(input);
  requireFlag(document, override.flagId);
  const sameEntity = (stored: FlagOverride) =>
    stored.flagId === override.flagId &&
    stored.entityType === override.entityType &&
    stored.entityId === override.entityId;
  const current = document.overrides.find(sameEntity);
  const saved: FlagOverride = current
    ? { ...override, id: current.id, createdAt: current.createdAt, updatedAt: now }
    : { ...override, createdAt: now, updatedAt: now };
  document.overrides = [...document.overrides.filter((stored) => !sameEntity(stored)), saved];
  return saved;
}

/** deleteOverride. */
export function removeOverride(
  document: StoreDocument,
  flagId: string,
  entityType: string,
  entityId: string,
): boolean | Unchanged<boolean> {
  const kept = document.overrides.filter(
    (stored) => !(stored.flagId === flagId && stored.entityType === entityType && stored.entityId === entityId),
  );
  if (kept.length === document.overrides.length) return new Unchanged(false);
  document.overrides = kept;
  return true;
}
