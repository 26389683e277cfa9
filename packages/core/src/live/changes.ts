import type { OverrideEntity } from '../models/override.js';
import type { StorageChange } from '../storage/change-feed.js';
import { entityKey } from './entity-overrides.js';

/** What a batch of changes asks the snapshot to refetch. */
export interface ChangePlan {
  /** Keys of the flags to read again (a key no longer stored means the flag was deleted). */
  flagKeys: Set<string>;
  /** Whether the segments must be read again. */
  segments: boolean;
  /** Entities whose cached overrides are out of date, by {@link entityKey}. */
  entities: Map<string, OverrideEntity>;
  /** A change that cannot be placed (no flag key, no entity): reload everything. */
  reload: boolean;
}

/**
 * Turns changes into the reads that bring a snapshot up to date. Scheduled changes and rollout
 * phases change nothing evaluated until they run, and running one writes its flag (a change of its own).
 */
export function planChanges(
  changes: readonly StorageChange[],
  keyOf: (flagId: string) => string | undefined,
): ChangePlan {
  const plan: ChangePlan = { flagKeys: new Set(), segments: false, entities: new Map(), reload: false };
  for (const change of changes) {
    switch (change.kind) {
      case 'flag':
      case 'time-schedule': {
        const key = change.flagKey ?? (change.kind === 'flag' ? keyOf(change.id) : undefined);
        if (key !== undefined) plan.flagKeys.add(key);
        else if (!(change.kind === 'flag' && change.op === 'delete')) plan.reload = true;
        break;
      }
      case 'segment':
        plan.segments = true;
        break;
      case 'override':
        if (change.entity !== undefined) {
          plan.entities.set(entityKey(change.entity.entityType, change.entity.entityId), change.entity);
        } else plan.reload = true;
        break;
      default:
        break;
    }
  }
  return plan;
}
