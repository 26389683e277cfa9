import type { OverrideEntity } from '../models/index.js';

/** What kind of record a {@link StorageChange} names. */
export type ChangeKind = 'flag' | 'segment' | 'override' | 'scheduled-change' | 'time-schedule' | 'rollout-phase';

/** One record that a write created, replaced or deleted, as the change feed reports it. */
export interface StorageChange {
  /**
   * Position in the store's feed: totally ordered per store, in commit order. A reader that has seen
   * revision `r` is never later handed a change numbered below `r`.
   */
  readonly revision: number;
  readonly kind: ChangeKind;
  /** The id of the record (for an override: the override's own id). */
  readonly id: string;
  readonly op: 'upsert' | 'delete';
  /** The key of the flag the record is or belongs to: set for every kind but `segment`. */
  readonly flagKey?: string;
  /** For overrides: the entity the override is for. */
  readonly entity?: OverrideEntity;
}

/**
 * What {@link StorageBackend.getChanges} answers: the changes after the revision asked for, or `reset`
 * when that revision is older than what the store retains (the caller must reload everything).
 * `revision` is the revision to ask from next time: the last change returned, or the store's current
 * revision when there was nothing (more) to return.
 */
export type ChangeBatch =
  | { readonly revision: number; readonly reset?: false; readonly changes: readonly StorageChange[] }
  | { readonly revision: number; readonly reset: true };

/** Options of {@link StorageBackend.getChanges}. */
export interface GetChangesOptions {
  /**
   * Most changes returned at once; when more are waiting, `revision` is the last one returned and the
   * caller asks again from there. An integer from 1 to 10,000. @default 1000
   */
  readonly limit?: number;
}

/** Called when the store may have new changes: read them with `getChanges` (the feed is the truth). */
export type ChangeListener = () => void;

/**
 * How much of the change feed a backend keeps (option `feedRetention` of every backend). A change is
 * trimmed once either bound is passed; a reader asking from before a trimmed change gets `reset`.
 */
export interface FeedRetention {
  /** Most changes kept. A positive integer. @default 10000 */
  readonly maxChanges?: number;
  /** Oldest change kept, in milliseconds. A positive integer. @default no age bound */
  readonly maxAgeMs?: number;
}
