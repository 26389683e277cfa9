import type { OverrideEntityType } from './enums.js';
import type { JsonValue } from './json.js';

/** A per-entity override of a flag. Unique on `(flagId, entityType, entityId)`. */
export interface FlagOverride {
  id: string;
  flagId: string;
  entityType: OverrideEntityType;
  entityId: string;
  /** Served by boolean flags (and by others when `value` is null). */
  enabled: boolean;
  /** Served by non-boolean flags; `null` when absent. */
  value: JsonValue;
  /** After this instant the override is never returned; `null` = never expires. */
  expiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** An entity probed for overrides. */
export interface OverrideEntity {
  entityType: OverrideEntityType;
  entityId: string;
}
