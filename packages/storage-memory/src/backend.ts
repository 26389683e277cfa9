import type {
  ChangeBatch,
  ChangeListener,
  FeatureFlag,
  FeatureFlagInput,
  FeedRetention,
  FlagOverride,
  FlagOverrideInput,
  GetChangesOptions,
  OverrideEntity,
  RolloutPhase,
  RolloutPhaseInput,
  ScheduledChangeQuery,
  ScheduledFlagChange,
  ScheduledFlagChangeInput,
  Segment,
  SegmentInput,
  StorageBackend,
  TimeSchedule,
  TimeScheduleInput,
  TimeScheduleQuery,
  WriteOptions,
} from '@flags/core';
import {
  closedError,
  type ResolvedFeedRetention,
  requireChangesArguments,
  resolveFeedRetention,
} from '@flags/core/backend';
import * as flags from './flags.js';
import { checkFence, claim, markExecuted } from './leases.js';
import { MemoryStore } from './memory-store.js';
import * as overrides from './overrides.js';
import * as phases from './rollout-phases.js';
import * as changes from './scheduled-changes.js';
import * as segments from './segments.js';
import { PACKAGE } from './support.js';
import type { MemoryTables } from './tables.js';
import * as schedules from './time-schedules.js';

/** Options of {@link MemoryStorageBackend}. */
export interface MemoryStorageBackendOptions {
  /**
   * The current time: stamps `createdAt`/`updatedAt`, starts and ends leases, decides which
   * overrides have expired. Inject a fake clock to test expiry without waiting.
   * @default () => new Date()
   */
  clock?: () => Date;
  /**
   * Where the data lives. Pass another backend's {@link MemoryStorageBackend.store} to share its
   * data (several "connections" to one store, e.g. two schedulers racing in a test, or a reopen).
   * @default a new, empty {@link MemoryStore}
   */
  store?: MemoryStore;
  /**
   * How much of the change feed (`getChanges`) to keep: a count of changes, an age, or both. Shared
   * stores keep the feed once; each backend trims it by its own bound when it writes.
   * @default { maxChanges: 10000 }
   */
  feedRetention?: FeedRetention;
}

/**
 * A {@link StorageBackend} that keeps everything in this process's memory: for tests, development
 * and single-instance apps whose flags need not survive a restart. Records are copied on the way
 * in (validated by core's constructors) and on the way out, and every write runs to completion
 * synchronously, so writes are atomic and concurrent callers are serialised by the event loop.
 */
export class MemoryStorageBackend implements StorageBackend {
  /** The data this backend reads and writes; hand it to another backend to share it. */
  readonly store: MemoryStore;
  readonly #clock: () => Date;
  /** {@link MemoryStorageBackend.#now} as a function, for reads that need the time only sometimes. */
  readonly #nowOnDemand = (): Date => this.#now();
  readonly #retention: ResolvedFeedRetention;
  /** Listeners this backend added to the store's feed, removed on close. */
  readonly #unsubscribes = new Set<() => void>();
  #closed = false;

  constructor(options: MemoryStorageBackendOptions = {}) {
    this.store = options.store ?? new MemoryStore();
    this.#clock = options.clock ?? (() => new Date());
    this.#retention = resolveFeedRetention(options.feedRetention, `${PACKAGE} options`);
  }

  /** The tables, after checking the backend is still open. */
  #tables(): MemoryTables {
    if (this.#closed) throw closedError(PACKAGE);
    return this.store.tables;
  }

  #now(): Date {
    return new Date(this.#clock().getTime());
  }

  /**
   * Runs a write and, when `changed` says it changed something, moves the revision on and records its
   * changes in the feed — in the same synchronous step, so no other write or read comes between.
   */
  #write<T>(run: (tables: MemoryTables, now: Date) => T, changed: (result: T) => boolean = () => true): T {
    const tables = this.#tables();
    const now = this.#now();
    tables.journal = [];
    try {
      const result = run(tables, now);
      if (changed(result)) {
        this.store.touch();
        this.store.feed.append(tables.journal, now.getTime(), this.#retention);
      }
      return result;
    } finally {
      tables.journal = [];
    }
  }

  async getFlag(key: string): Promise<FeatureFlag | null> {
    return flags.getFlag(this.#tables(), key);
  }

  async getFlags(keys: readonly string[]): Promise<Map<string, FeatureFlag>> {
    return flags.getFlags(this.#tables(), keys);
  }

  async getAllActiveFlags(): Promise<FeatureFlag[]> {
    return flags.getAllFlags(this.#tables(), true);
  }

  async getAllFlags(): Promise<FeatureFlag[]> {
    return flags.getAllFlags(this.#tables(), false);
  }

  async createFlag(flag: FeatureFlagInput): Promise<FeatureFlag> {
    return this.#write((tables, now) => flags.insertFlag(tables, flag, now));
  }

  async createFlags(list: readonly FeatureFlagInput[]): Promise<FeatureFlag[]> {
    return this.#write(
      (tables, now) => flags.insertFlags(tables, list, now),
      (stored) => stored.length > 0,
    );
  }

  async updateFlag(flag: FeatureFlag | FeatureFlagInput, options?: WriteOptions): Promise<FeatureFlag> {
    return this.#write((tables, now) => {
      checkFence(tables, options, now, 'flag');
      return flags.replaceFlag(tables, flag, now);
    });
  }

  async deleteFlag(key: string): Promise<boolean> {
    return this.#write((tables) => flags.removeFlag(tables, key), Boolean);
  }

  async getOverride(flagId: string, entityType: string, entityId: string): Promise<FlagOverride | null> {
    return overrides.getOverride(this.#tables(), flagId, entityType, entityId, this.#now());
  }

  async getOverrides(flagId: string, entities: readonly OverrideEntity[]): Promise<FlagOverride[]> {
    return overrides.getOverridesForFlags(this.#tables(), [flagId], entities, this.#nowOnDemand);
  }

  async getOverridesForFlags(flagIds: readonly string[], entities: readonly OverrideEntity[]): Promise<FlagOverride[]> {
    return overrides.getOverridesForFlags(this.#tables(), flagIds, entities, this.#nowOnDemand);
  }

  async getOverridesForEntities(entities: readonly OverrideEntity[]): Promise<FlagOverride[]> {
    return overrides.getOverridesForEntities(this.#tables(), entities, this.#now());
  }

  async listOverrides(flagId: string): Promise<FlagOverride[]> {
    return overrides.listOverrides(this.#tables(), flagId, this.#now());
  }

  async upsertOverride(override: FlagOverrideInput): Promise<FlagOverride> {
    return this.#write((tables, now) => overrides.upsertOverride(tables, override, now));
  }

  async upsertOverrides(list: readonly FlagOverrideInput[]): Promise<FlagOverride[]> {
    return this.#write(
      (tables, now) => overrides.upsertOverrides(tables, list, now),
      (stored) => stored.length > 0,
    );
  }

  async deleteOverride(flagId: string, entityType: string, entityId: string): Promise<boolean> {
    return this.#write((tables, now) => overrides.removeOverride(tables, flagId, entityType, entityId, now), Boolean);
  }

  async getScheduledChanges(query?: ScheduledChangeQuery): Promise<ScheduledFlagChange[]> {
    return changes.getScheduledChanges(this.#tables(), query);
  }

  async createScheduledChange(change: ScheduledFlagChangeInput): Promise<ScheduledFlagChange> {
    return this.#write((tables, now) => changes.insertScheduledChange(tables, change, now));
  }

  async updateScheduledChange(change: ScheduledFlagChange | ScheduledFlagChangeInput): Promise<ScheduledFlagChange> {
    return this.#write((tables, now) => changes.replaceScheduledChange(tables, change, now));
  }

  async deleteScheduledChange(id: string): Promise<boolean> {
    return this.#write((tables) => changes.removeScheduledChange(tables, id), Boolean);
  }

  async claimScheduledChange(id: string, owner: string, leaseMs: number): Promise<boolean> {
    return this.#write((tables, now) => claim(tables, 'scheduled_change', id, owner, leaseMs, now), Boolean);
  }

  async markScheduledChangeExecuted(
    id: string,
    executedAt: Date,
    outcome?: string | null,
    options?: WriteOptions,
  ): Promise<boolean> {
    return this.#write(
      (tables, now) => markExecuted(tables, 'scheduled_change', id, executedAt, outcome, options, now),
      Boolean,
    );
  }

  async getTimeSchedules(query?: TimeScheduleQuery): Promise<TimeSchedule[]> {
    return schedules.getTimeSchedules(this.#tables(), query);
  }

  async createTimeSchedule(schedule: TimeScheduleInput): Promise<TimeSchedule> {
    return this.#write((tables, now) => schedules.insertTimeSchedule(tables, schedule, now));
  }

  async updateTimeSchedule(schedule: TimeSchedule | TimeScheduleInput): Promise<TimeSchedule> {
    return this.#write((tables, now) => schedules.replaceTimeSchedule(tables, schedule, now));
  }

  async deleteTimeSchedule(id: string): Promise<boolean> {
    return this.#write((tables) => schedules.removeTimeSchedule(tables, id), Boolean);
  }

  async getRolloutPhases(flagId: string): Promise<RolloutPhase[]> {
    return phases.getRolloutPhases(this.#tables(), flagId);
  }

  async getPendingRolloutPhases(): Promise<RolloutPhase[]> {
    return phases.getPendingRolloutPhases(this.#tables());
  }

  async createRolloutPhase(phase: RolloutPhaseInput): Promise<RolloutPhase> {
    return this.#write((tables, now) => phases.insertRolloutPhase(tables, phase, now));
  }

  async claimRolloutPhase(id: string, owner: string, leaseMs: number): Promise<boolean> {
    return this.#write((tables, now) => claim(tables, 'rollout_phase', id, owner, leaseMs, now), Boolean);
  }

  async markRolloutPhaseExecuted(
    id: string,
    executedAt: Date,
    outcome?: string | null,
    options?: WriteOptions,
  ): Promise<boolean> {
    return this.#write(
      (tables, now) => markExecuted(tables, 'rollout_phase', id, executedAt, outcome, options, now),
      Boolean,
    );
  }

  async deleteRolloutPhase(id: string): Promise<boolean> {
    return this.#write((tables) => phases.removeRolloutPhase(tables, id), Boolean);
  }

  async getSegment(id: string): Promise<Segment | null> {
    return segments.getSegment(this.#tables(), id);
  }

  async getSegmentByName(name: string): Promise<Segment | null> {
    return segments.getSegmentByName(this.#tables(), name);
  }

  async getAllSegments(): Promise<Segment[]> {
    return segments.getAllSegments(this.#tables());
  }

  async getChildSegments(parentId: string): Promise<Segment[]> {
    return segments.getChildSegments(this.#tables(), parentId);
  }

  async createSegment(segment: SegmentInput): Promise<Segment> {
    return this.#write((tables, now) => segments.insertSegment(tables, segment, now));
  }

  async updateSegment(segment: Segment | SegmentInput): Promise<Segment> {
    return this.#write((tables, now) => segments.replaceSegment(tables, segment, now));
  }

  async deleteSegment(id: string): Promise<boolean> {
    return this.#write((tables) => segments.removeSegment(tables, id), Boolean);
  }

  async getChanges(since: number | null, options?: GetChangesOptions): Promise<ChangeBatch> {
    const args = requireChangesArguments(since, options);
    this.#tables();
    this.store.feed.trim(this.#clock().getTime(), this.#retention);
    return this.store.feed.read(args.since, args.limit);
  }

  /** Calls `listener` after every write to this store, by any backend sharing it (in process). */
  async subscribe(listener: ChangeListener): Promise<() => Promise<void>> {
    this.#tables();
    const stop = this.store.feed.listen(listener);
    this.#unsubscribes.add(stop);
    return async () => {
      stop();
      this.#unsubscribes.delete(stop);
    };
  }

  async getRevision(): Promise<string> {
    this.#tables();
    return this.store.revision;
  }

  /** True until {@link MemoryStorageBackend.close} is called. Never throws. */
  async healthCheck(): Promise<boolean> {
    return !this.#closed;
  }

  /** Closes this backend (later calls reject with `StorageError`); the store's data stays for others sharing it. Idempotent. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const stop of this.#unsubscribes) stop();
    this.#unsubscribes.clear();
  }
}
