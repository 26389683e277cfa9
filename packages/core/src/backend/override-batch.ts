import type { FlagOverrideInput } from '../models/inputs.js';
import type { FlagOverride } from '../models/override.js';
import { createOverride } from '../validation/override.js';
import { requireRecordBatch } from './record-batch.js';

/** The key an override is stored under: one per `(flagId, entityType, entityId)`. */
export function overrideEntityKey(override: Pick<FlagOverride, 'flagId' | 'entityType' | 'entityId'>): string {
  return `${override.flagId}\u0000${override.entityType}\u0000${override.entityId}`;
}

/**
 * Validates every override of an `upsertOverrides` batch before anything is written: each one through
 * `createOverride`, and no two naming the same `(flagId, entityType, entityId)` (which one would win
 * is no rule worth keeping). Every problem is reported at once, its path prefixed with the
 * override's position, e.g. `[3].entityId: must not be empty`.
 * @throws ValidationError when any override is invalid or repeated (nothing may be written then).
 */
export function requireOverrideBatch(inputs: readonly FlagOverrideInput[]): FlagOverride[] {
  return requireRecordBatch(inputs, createOverride, 'overrides', (override) => [
    ['entityId', overrideEntityKey(override)],
  ]);
}
