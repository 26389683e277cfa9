import type {
  FeatureFlag,
  FeatureFlagInput,
  FlagOverride,
  FlagOverrideInput,
  OverrideEntity,
  RolloutPhase,
  RolloutPhaseInput,
  ScheduledFlagChange,
  ScheduledFlagChangeInput,
  Segment,
  SegmentInput,
  TimeSchedule,
  TimeScheduleInput,
} from '../models/index.js';
import type { ChangeBatch, ChangeListener, GetChangesOptions } from './change-feed.js';
import type { WriteOptions } from './write-options.js';

/** Filter of {@link StorageBackend.getScheduledChanges}. */
export interface ScheduledChangeQuery {
  /** Only changes of this flag. */
  flagId?: string;
  /** Only changes not executed yet. @default true */
  pendingOnly?: boolean;
}

/** Filter of {@link StorageBackend.getTimeSchedules}. */
export interface TimeScheduleQuery {
  /** Only schedules of this flag. */
  flagId?: string;
}

/**
 * The protocol every @flags storage backend implements; `@flags/testkit` checks all of it.
 *
 * Shared promises, so each method's JSDoc only states what differs:
 * - Every method is async. Failures of the store itself reject with `StorageError` (no secrets in
 *   the message); bad input rejects with `ValidationError` and writes nothing.
 * - Reads return copies: mutating a returned object never changes what is stored.
 * - Each read is one round trip to the store (bulk reads included — never N+1).
 * - Writes validate through core's schemas, set `createdAt`/`updatedAt` (ms precision) and make
 *   `getRevision()` change. Multi-record writes are atomic.
 * - Expired overrides (`expiresAt <= now`) are never returned by any read.
 * - After `close()`, every method but `close()` and `healthCheck()` (false) rejects with a `StorageError`
 *   saying the backend is closed.
 * - Claim, fence and argument rules are the ones `@flags/core/backend` implements; use its helpers.
 */
export interface StorageBackend {
  /** The flag with this key, with its rules, variants and time schedules; `null` when absent. */
  getFlag(key: string): Promise<FeatureFlag | null>;
  /** The flags with these keys, by key; keys not stored are absent from the map. One round trip. */
  getFlags(keys: readonly string[]): Promise<Map<string, FeatureFlag>>;
  /** Every flag whose status is `active`, sorted by key. One round trip. */
  getAllActiveFlags(): Promise<FeatureFlag[]>;
  /** Every flag whatever its status, sorted by key. One round trip. */
  getAllFlags(): Promise<FeatureFlag[]>;
  /**
   * Stores a new flag at version 1 and returns it as stored.
   * @throws ConflictError when the key (or the given id) is taken.
   */
  createFlag(flag: FeatureFlagInput): Promise<FeatureFlag>;
  /**
   * Optional. {@link StorageBackend.createFlag} of many flags at once, atomically (all or nothing) and
   * in a bounded number of round trips whatever their count — imports and copies use it when it is
   * there. Returns the flags as stored (version 1), in input order. Validate with `requireFlagBatch`
   * from `@flags/core/backend`.
   * @throws ValidationError when any flag is invalid, or two share a key or an id (nothing written).
   * @throws ConflictError when a key or a given id is taken (nothing written).
   */
  createFlags?(flags: readonly FeatureFlagInput[]): Promise<FeatureFlag[]>;
  /**
   * Replaces the flag stored under `flag.key` (same `id`) and returns it as stored, at `version + 1`.
   * `timeSchedules` on the input is ignored. `createdAt` is kept.
   * @throws NotFoundError when no flag has this key and id.
   * @throws ConflictError when `flag.version` is not the stored version (no lost updates).
   * @throws LeaseLostError when `options.fence` is given and its lease is no longer held (nothing written).
   */
  updateFlag(flag: FeatureFlag | FeatureFlagInput, options?: WriteOptions): Promise<FeatureFlag>;
  /**
   * Deletes the flag and, atomically, its overrides, scheduled changes, time schedules and rollout phases.
   * @returns false when no flag has this key.
   */
  deleteFlag(key: string): Promise<boolean>;

  /** The unexpired override of this entity on this flag; `null` when absent. */
  getOverride(flagId: string, entityType: string, entityId: string): Promise<FlagOverride | null>;
  /** The unexpired overrides of any of these entities on this flag, in no set order. One round trip. */
  getOverrides(flagId: string, entities: readonly OverrideEntity[]): Promise<FlagOverride[]>;
  /**
   * The unexpired overrides of any of these entities on any of these flags, in no set order.
   * One round trip whatever the number of flags (bulk evaluation uses it).
   */
  getOverridesForFlags(flagIds: readonly string[], entities: readonly OverrideEntity[]): Promise<FlagOverride[]>;
  /**
   * Every unexpired override of any of these entities, across all flags, in no set order. One round trip
   * (a snapshot of the flags uses it to load the overrides of the entities it evaluates).
   */
  getOverridesForEntities(entities: readonly OverrideEntity[]): Promise<FlagOverride[]>;
  /** Every unexpired override of the flag, sorted by `entityType` then `entityId`. */
  listOverrides(flagId: string): Promise<FlagOverride[]>;
  /**
   * Creates or replaces the override of `(flagId, entityType, entityId)`; a replaced override keeps
   * its `id` and `createdAt`.
   * @throws NotFoundError when no flag has `flagId`.
   */
  upsertOverride(override: FlagOverrideInput): Promise<FlagOverride>;
  /**
   * Optional. {@link StorageBackend.upsertOverride} of many overrides at once, atomically (all or
   * nothing) and in a bounded number of round trips whatever their count — imports and copies use it
   * when it is there. Returns the overrides as stored, in input order. Validate with
   * `requireOverrideBatch` from `@flags/core/backend`.
   * @throws ValidationError when any override is invalid, or two name the same flag and entity (nothing written).
   * @throws NotFoundError when a `flagId` names no flag (nothing written).
   * @throws ConflictError when a given `id` is taken by another entity's override (nothing written).
   */
  upsertOverrides?(overrides: readonly FlagOverrideInput[]): Promise<FlagOverride[]>;
  /** @returns false when there was no such override. */
  deleteOverride(flagId: string, entityType: string, entityId: string): Promise<boolean>;

  /** Scheduled changes, sorted by `scheduledAt` then `id`. */
  getScheduledChanges(query?: ScheduledChangeQuery): Promise<ScheduledFlagChange[]>;
  /**
   * @throws NotFoundError when no flag has `flagId`.
   * @throws ConflictError when the id is taken.
   */
  createScheduledChange(change: ScheduledFlagChangeInput): Promise<ScheduledFlagChange>;
  /**
   * Optional. {@link StorageBackend.createScheduledChange} of many changes at once, atomically (all or
   * nothing) and in a bounded number of round trips — imports and copies use it when it is there.
   * Returns them as stored, in input order. Validate with `requireScheduledChangeBatch` from
   * `@flags/core/backend`.
   * @throws ValidationError when any change is invalid, or two share an id (nothing written).
   * @throws NotFoundError when a `flagId` names no flag (nothing written).
   * @throws ConflictError when an id is taken (nothing written).
   */
  createScheduledChanges?(changes: readonly ScheduledFlagChangeInput[]): Promise<ScheduledFlagChange[]>;
  /**
   * Replaces the stored change with this id (`createdAt` kept).
   * @throws NotFoundError when no change has this id.
   */
  updateScheduledChange(change: ScheduledFlagChange | ScheduledFlagChangeInput): Promise<ScheduledFlagChange>;
  /** @returns false when no change has this id. */
  deleteScheduledChange(id: string): Promise<boolean>;
  /**
   * Takes a lease on a pending change for `leaseMs`, atomically: of N concurrent callers with
   * different owners exactly one gets true until the lease runs out. The owner holding an unexpired
   * lease may renew it (true).
   * @throws ValidationError when `owner` is not a non-empty string or `leaseMs` is not a finite number > 0.
   * @returns false when the change is missing, executed, or leased to another owner.
   */
  claimScheduledChange(id: string, owner: string, leaseMs: number): Promise<boolean>;
  /**
   * Marks the change executed at `executedAt`, recording `outcome` (why it was skipped or failed).
   * @returns true only for the call that moved it from pending to executed; false when missing or already executed.
   * @throws LeaseLostError when `options.fence` is given and its lease is no longer held (nothing written).
   */
  markScheduledChangeExecuted(
    id: string,
    executedAt: Date,
    outcome?: string | null,
    options?: WriteOptions,
  ): Promise<boolean>;

  /** Time schedules, sorted by `flagId`, then `name`, then `id`. */
  getTimeSchedules(query?: TimeScheduleQuery): Promise<TimeSchedule[]>;
  /**
   * @throws NotFoundError when no flag has `flagId`.
   * @throws ConflictError when the id is taken.
   */
  createTimeSchedule(schedule: TimeScheduleInput): Promise<TimeSchedule>;
  /**
   * Optional. {@link StorageBackend.createTimeSchedule} of many schedules at once, atomically (all or
   * nothing) and in a bounded number of round trips. Returns them as stored, in input order. Validate
   * with `requireTimeScheduleBatch` from `@flags/core/backend`.
   * @throws ValidationError when any schedule is invalid, or two share an id (nothing written).
   * @throws NotFoundError when a `flagId` names no flag (nothing written).
   * @throws ConflictError when an id is taken (nothing written).
   */
  createTimeSchedules?(schedules: readonly TimeScheduleInput[]): Promise<TimeSchedule[]>;
  /**
   * Replaces the stored schedule with this id (`createdAt` kept).
   * @throws NotFoundError when no schedule has this id.
   */
  updateTimeSchedule(schedule: TimeSchedule | TimeScheduleInput): Promise<TimeSchedule>;
  /** @returns false when no schedule has this id. */
  deleteTimeSchedule(id: string): Promise<boolean>;

  /** The flag's rollout phases, sorted by `phaseNumber`. */
  getRolloutPhases(flagId: string): Promise<RolloutPhase[]>;
  /** Every unexecuted rollout phase of every flag, sorted by `scheduledAt`, then `phaseNumber`, then `id`. */
  getPendingRolloutPhases(): Promise<RolloutPhase[]>;
  /**
   * @throws NotFoundError when no flag has `flagId`.
   * @throws ConflictError when the id, or `(flagId, phaseNumber)`, is taken.
   */
  createRolloutPhase(phase: RolloutPhaseInput): Promise<RolloutPhase>;
  /**
   * Optional. {@link StorageBackend.createRolloutPhase} of many phases at once, atomically (all or
   * nothing) and in a bounded number of round trips. Returns them as stored, in input order. Validate
   * with `requireRolloutPhaseBatch` from `@flags/core/backend`.
   * @throws ValidationError when any phase is invalid, or two share an id or a flag's phase number (nothing written).
   * @throws NotFoundError when a `flagId` names no flag (nothing written).
   * @throws ConflictError when an id, or a flag's phase number, is taken (nothing written).
   */
  createRolloutPhases?(phases: readonly RolloutPhaseInput[]): Promise<RolloutPhase[]>;
  /** Same contract as {@link StorageBackend.claimScheduledChange}, for a rollout phase. */
  claimRolloutPhase(id: string, owner: string, leaseMs: number): Promise<boolean>;
  /** Same contract as {@link StorageBackend.markScheduledChangeExecuted}, for a rollout phase. */
  markRolloutPhaseExecuted(
    id: string,
    executedAt: Date,
    outcome?: string | null,
    options?: WriteOptions,
  ): Promise<boolean>;
  /** @returns false when no phase has this id. */
  deleteRolloutPhase(id: string): Promise<boolean>;

  /** The segment with this id; `null` when absent. */
  getSegment(id: string): Promise<Segment | null>;
  /** The segment with this name; `null` when absent. */
  getSegmentByName(name: string): Promise<Segment | null>;
  /** Every segment, sorted by name. One round trip. */
  getAllSegments(): Promise<Segment[]>;
  /** The direct children of a segment, sorted by name. */
  getChildSegments(parentId: string): Promise<Segment[]>;
  /**
   * Stores a new segment at version 1.
   * @throws ConflictError when the name (or the given id) is taken.
   * @throws NotFoundError when `parentSegmentId` names no segment.
   */
  createSegment(segment: SegmentInput): Promise<Segment>;
  /**
   * Replaces the segment with this id, at `version + 1`.
   * @throws NotFoundError when no segment has this id, or `parentSegmentId` names none.
   * @throws ConflictError on a stale version or a name taken by another segment.
   */
  updateSegment(segment: Segment | SegmentInput): Promise<Segment>;
  /**
   * Deletes the segment; its children's `parentSegmentId` becomes null, atomically.
   * @returns false when no segment has this id.
   */
  deleteSegment(id: string): Promise<boolean>;

  /**
   * The change feed: what was written after revision `since` (`null`: from the oldest change retained),
   * in revision order, at most `options.limit` changes. Every write records its changes in the same
   * atomic step as the write (a cascade records each record it removed; a rejected write records
   * nothing), numbered in commit order. Answers `{ revision, reset: true }` when `since` is older than
   * what is retained, or newer than the store's head (the store lost its data since the caller read
   * it), so the caller must reload everything. A feed starts (on the first write to an empty store,
   * also after the store lost its data) above every revision an earlier feed of the store handed out:
   * `feedStart` and `answerChanges` of `@flags/core/backend` implement both rules.
   * @throws ValidationError when `since` is not null or an integer >= 0, or `limit` not an integer from 1 to 10,000.
   */
  getChanges(since: number | null, options?: GetChangesOptions): Promise<ChangeBatch>;
  /**
   * Calls `listener` when changes may have been written, by this or any other instance (PostgreSQL
   * `LISTEN/NOTIFY`, Redis `SUBSCRIBE`, in process for memory). Absent where the store cannot push:
   * poll {@link StorageBackend.getChanges} instead. A call only says "look": a missed one delays,
   * never loses, a change. Resolves once listening; the returned function stops listening.
   */
  subscribe?(listener: ChangeListener): Promise<() => Promise<void>>;

  /** An opaque token that changes on every write (cheap: caches revalidate with it). */
  getRevision(): Promise<string>;
  /** True when the store answers. Never throws; bounded in time. */
  healthCheck(): Promise<boolean>;
  /** Releases connections. Idempotent. */
  close(): Promise<void>;
}
