import type { FlagOverride, FlagOverrideInput, OverrideEntity } from '@flags/core';
import { ConflictError, copyOverride, createOverride, isOverrideExpired } from '@flags/core';
import { requireOverrideBatch } from '@flags/core/backend';
import { journal } from './journal.js';
import { compareText, copyAll, copyDate, PACKAGE } from './support.js';
import { type MemoryTables, overrideKey, requireFlagId } from './tables.js';

/** The stored, unexpired override of this entity on this flag. */
function findLive(
  tables: MemoryTables,
  flagId: string,
  entityType: string,
  entityId: string,
  now: Date,
): FlagOverride | undefined {
  const override = tables.overridesByFlag.get(flagId)?.get(overrideKey(entityType, entityId));
  return override && !isOverrideExpired(override, now) ? override : undefined;
}

export function getOverride(
  tables: MemoryTables,
  flagId: string,
  entityType: string,
  entityId: string,
  now: Date,
): FlagOverride | null {
  const override = findLive(tables, flagId, entityType, entityId, now);
  return override ? copyOverride(override) : null;
}

/**
 * Every unexpired override of any of the entities on any of the flags, each once. `clock` is read only
 * when some flag has overrides: most flags have none, and this runs on every evaluation.
 */
export function getOverridesForFlags(
  tables: MemoryTables,
  flagIds: readonly string[],
  entities: readonly OverrideEntity[],
  clock: () => Date,
): FlagOverride[] {
  let now: Date | undefined;
  let found: Set<FlagOverride> | undefined;
  for (const flagId of flagIds) {
    if (!tables.overridesByFlag.has(flagId)) continue;
    now ??= clock();
    for (const { entityType, entityId } of entities) {
      const override = findLive(tables, flagId, entityType, entityId, now);
      if (!override) continue;
      found ??= new Set();
      found.add(override);
    }
  }
  return found === undefined ? [] : copyAll([...found], copyOverride);
}

/** Every unexpired override of any of the entities, across all flags, each once. */
export function getOverridesForEntities(
  tables: MemoryTables,
  entities: readonly OverrideEntity[],
  now: Date,
): FlagOverride[] {
  if (entities.length === 0 || tables.overridesById.size === 0) return [];
  const wanted = new Set(entities.map((e) => overrideKey(e.entityType, e.entityId)));
  const found: FlagOverride[] = [];
  for (const override of tables.overridesById.values()) {
    if (wanted.has(overrideKey(override.entityType, override.entityId)) && !isOverrideExpired(override, now)) {
      found.push(override);
    }
  }
  return copyAll(found, copyOverride);
}

export function listOverrides(tables: MemoryTables, flagId: string, now: Date): FlagOverride[] {
  const live = [...(tables.overridesByFlag.get(flagId)?.values() ?? [])].filter((o) => !isOverrideExpired(o, now));
  live.sort((a, b) => compareText(a.entityType, b.entityType) || compareText(a.entityId, b.entityId));
  return copyAll(live, copyOverride);
}

/**
 * Creates or replaces the override of `(flagId, entityType, entityId)`. A live override replaced keeps
 * its id and `createdAt`; an expired one counts as absent (it was never visible), so the new override
 * gets a fresh id and `createdAt`.
 */
export function upsertOverride(tables: MemoryTables, input: FlagOverrideInput, now: Date): FlagOverride {
  const override = createOverride(input);
  requireFlagId(tables, override.flagId);
  const key = overrideKey(override.entityType, override.entityId);
  const byEntity = tables.overridesByFlag.get(override.flagId) ?? new Map<string, FlagOverride>();
  const previous = byEntity.get(key);
  const live = previous && !isOverrideExpired(previous, now) ? previous : undefined;
  if (!live) {
    const holder = tables.overridesById.get(override.id);
    if (holder && holder !== previous) throw new ConflictError(`${PACKAGE} override id "${override.id}" is taken`);
  }
  const stored: FlagOverride = {
    ...override,
    id: live?.id ?? override.id,
    createdAt: live?.createdAt ?? now,
    updatedAt: live ? now : copyDate(now),
  };
  if (previous) tables.overridesById.delete(previous.id);
  byEntity.set(key, stored);
  tables.overridesByFlag.set(stored.flagId, byEntity);
  tables.overridesById.set(stored.id, stored);
  journal(tables, 'override', 'upsert', stored);
  return copyOverride(stored);
}

/**
 * Many {@link upsertOverride}s, all or nothing: every way one could fail (invalid input, unknown
 * flag, an id taken — by the store or by another override of the batch) is checked first, against
 * the store as the earlier overrides of the batch would leave it, so the writes that follow cannot
 * fail half-way.
 */
export function upsertOverrides(tables: MemoryTables, inputs: readonly FlagOverrideInput[], now: Date): FlagOverride[] {
  const batch = requireOverrideBatch(inputs);
  const claimed = new Set<string>();
  const freed = new Set<string>();
  for (const override of batch) {
    requireFlagId(tables, override.flagId);
    const previous = tables.overridesByFlag
      .get(override.flagId)
      ?.get(overrideKey(override.entityType, override.entityId));
    const live = previous && !isOverrideExpired(previous, now) ? previous : undefined;
    const id = live?.id ?? override.id;
    if (!live) {
      const holder = tables.overridesById.get(id);
      if ((holder && holder !== previous && !freed.has(id)) || claimed.has(id)) {
        throw new ConflictError(`${PACKAGE} override id "${id}" is taken`);
      }
      if (previous) freed.add(previous.id);
    }
    claimed.add(id);
  }
  return batch.map((override) => upsertOverride(tables, override, now));
}

/** False when there was no live override (an expired one is dropped, but it was already invisible). */
export function removeOverride(
  tables: MemoryTables,
  flagId: string,
  entityType: string,
  entityId: string,
  now: Date,
): boolean {
  const byEntity = tables.overridesByFlag.get(flagId);
  const key = overrideKey(entityType, entityId);
  const previous = byEntity?.get(key);
  if (!byEntity || !previous) return false;
  byEntity.delete(key);
  if (byEntity.size === 0) tables.overridesByFlag.delete(flagId);
  tables.overridesById.delete(previous.id);
  // An expired override was already invisible: dropping it changes nothing a reader could see.
  if (isOverrideExpired(previous, now)) return false;
  journal(tables, 'override', 'delete', previous);
  return true;
}
