import type {
  FeatureFlag,
  FeatureFlagInput,
  FlagOverride,
  FlagOverrideInput,
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
} from '@flags/core';
import { StorageError } from '@flags/core';
import type { Redis, Requester } from '@upstash/redis';
import type { RedisCommands } from './commands.js';
import { PACKAGE } from './errors.js';
import { CommandExecutor } from './executor.js';
import { DEFAULT_PREFIX, KeyLayout } from './keys.js';
import * as changes from './store/changes.js';
import { StoreContext } from './store/context.js';
import * as flagReads from './store/flag-reads.js';
import * as flags from './store/flags.js';
import * as overrides from './store/overrides.js';
import * as phases from './store/phases.js';
import * as schedules from './store/schedules.js';
import * as segments from './store/segments.js';
import { upstashCommands } from './upstash/adapter.js';
import { createUpstashClient, type UpstashConnectOptions } from './upstash/connect.js';

/** Options of {@link RedisStorageBackend}; give `redis` or `commands`. */
export interface RedisStorageBackendOptions {
  /** An `@upstash/redis` client. Its `automaticDeserialization` setting does not matter (see the README). */
  redis?: Redis | Requester;
  /** Any client behind {@link RedisCommands}, e.g. `ioredisCommands(new IORedis(url))` from `@flags/storage-redis/ioredis`. */
  commands?: RedisCommands;
  /** Starts every key; use a hash tag (`{flags}:`) on Redis Cluster. @default "feature_flags:" */
  prefix?: string;
  /** Longest wait for one round trip before the call fails with `StorageError`. @default 5000 */
  timeoutMs?: number;
  /** Whether `close()` also closes the client. @default false — the caller owns a client it passed in */
  closeClient?: boolean;
  /**
   * How many decoded flags to keep, so reads of unchanged flags copy them instead of re-parsing, and
   * bulk reads get back only the documents that changed (see the README, "Bulk reads"). `0` turns
   * it off: every read then gets and decodes every document. @default 5000
   */
  flagCacheSize?: number;
}

/**
 * A {@link StorageBackend} on Redis: `@upstash/redis` over HTTP, or any TCP client through an adapter.
 * Documents are JSON (core's codec) in string keys under one prefix; multi-key writes are Lua
 * compare-and-set scripts, so they are atomic without WATCH. See the README for the key layout.
 */
export class RedisStorageBackend implements StorageBackend {
  /** The prefix every key of this backend starts with. */
  readonly prefix: string;
  readonly #context: StoreContext;
  readonly #closeClient: boolean;
  #closed = false;

  constructor(options: RedisStorageBackendOptions) {
    const commands = options.commands ?? (options.redis ? upstashCommands(options.redis) : undefined);
    if (!commands) throw new TypeError(`${PACKAGE} pass \`redis\` (an @upstash/redis client) or \`commands\``);
    this.prefix = options.prefix ?? DEFAULT_PREFIX;
    const executor = new CommandExecutor(commands, options.timeoutMs ?? 5000);
    this.#context = new StoreContext(new KeyLayout(this.prefix), executor, options.flagCacheSize ?? 5000);
    this.#closeClient = options.closeClient ?? false;
  }

  /**
   * A backend on a new `@upstash/redis` client for this REST URL and token, built for bounded failures
   * (few retries, a time limit per request) and exact strings (`automaticDeserialization: false`).
   * `close()` closes it.
   */
  static async create(options: UpstashConnectOptions & { prefix?: string }): Promise<RedisStorageBackend> {
    const redis = await createUpstashClient(options);
    return new RedisStorageBackend({
      redis,
      prefix: options.prefix,
      timeoutMs: options.timeoutMs,
      closeClient: true,
    });
  }

  get #ctx(): StoreContext {
    if (this.#closed) throw new StorageError(`${PACKAGE} the backend is closed`);
    return this.#context;
  }

  async getFlag(key: string): Promise<FeatureFlag | null> {
    return flagReads.getFlag(this.#ctx, key);
  }
  async getFlags(keys: readonly string[]): Promise<Map<string, FeatureFlag>> {
    return flagReads.getFlags(this.#ctx, keys);
  }
  async getAllActiveFlags(): Promise<FeatureFlag[]> {
    return flagReads.getAllFlags(this.#ctx, true);
  }
  async getAllFlags(): Promise<FeatureFlag[]> {
    return flagReads.getAllFlags(this.#ctx, false);
  }
  async createFlag(flag: FeatureFlagInput): Promise<FeatureFlag> {
    return flags.insertFlag(this.#ctx, flag);
  }
  async updateFlag(flag: FeatureFlag | FeatureFlagInput): Promise<FeatureFlag> {
    return flags.replaceFlag(this.#ctx, flag);
  }
  async deleteFlag(key: string): Promise<boolean> {
    return flags.removeFlag(this.#ctx, key);
  }

  async getOverride(flagId: string, entityType: string, entityId: string): Promise<FlagOverride | null> {
    return overrides.getOverride(this.#ctx, flagId, entityType, entityId);
  }
  async getOverrides(flagId: string, entities: readonly OverrideEntity[]): Promise<FlagOverride[]> {
    return overrides.getOverridesForFlags(this.#ctx, [flagId], entities);
  }
  async getOverridesForFlags(flagIds: readonly string[], entities: readonly OverrideEntity[]): Promise<FlagOverride[]> {
    return overrides.getOverridesForFlags(this.#ctx, flagIds, entities);
  }
  async listOverrides(flagId: string): Promise<FlagOverride[]> {
    return overrides.listOverrides(this.#ctx, flagId);
  }
  async upsertOverride(override: FlagOverrideInput): Promise<FlagOverride> {
    return overrides.upsertOverride(this.#ctx, override);
  }
  async deleteOverride(flagId: string, entityType: string, entityId: string): Promise<boolean> {
    return overrides.removeOverride(this.#ctx, flagId, entityType, entityId);
  }

  async getScheduledChanges(query?: ScheduledChangeQuery): Promise<ScheduledFlagChange[]> {
    return changes.getScheduledChanges(this.#ctx, query);
  }
  async createScheduledChange(change: ScheduledFlagChangeInput): Promise<ScheduledFlagChange> {
    return changes.insertScheduledChange(this.#ctx, change);
  }
  async updateScheduledChange(change: ScheduledFlagChange | ScheduledFlagChangeInput): Promise<ScheduledFlagChange> {
    return changes.replaceScheduledChange(this.#ctx, change);
  }
  async deleteScheduledChange(id: string): Promise<boolean> {
    return changes.removeScheduledChange(this.#ctx, id);
  }
  async claimScheduledChange(id: string, owner: string, leaseMs: number): Promise<boolean> {
    return changes.claimScheduledChange(this.#ctx, id, owner, leaseMs);
  }
  async markScheduledChangeExecuted(id: string, executedAt: Date, outcome?: string | null): Promise<boolean> {
    return changes.markScheduledChangeExecuted(this.#ctx, id, executedAt, outcome);
  }

  async getTimeSchedules(query?: TimeScheduleQuery): Promise<TimeSchedule[]> {
    return schedules.getTimeSchedules(this.#ctx, query);
  }
  async createTimeSchedule(schedule: TimeScheduleInput): Promise<TimeSchedule> {
    return schedules.insertTimeSchedule(this.#ctx, schedule);
  }
  async updateTimeSchedule(schedule: TimeSchedule | TimeScheduleInput): Promise<TimeSchedule> {
    return schedules.replaceTimeSchedule(this.#ctx, schedule);
  }
  async deleteTimeSchedule(id: string): Promise<boolean> {
    return schedules.removeTimeSchedule(this.#ctx, id);
  }

  async getRolloutPhases(flagId: string): Promise<RolloutPhase[]> {
    return phases.getRolloutPhases(this.#ctx, flagId);
  }
  async getPendingRolloutPhases(): Promise<RolloutPhase[]> {
    return phases.getPendingRolloutPhases(this.#ctx);
  }
  async createRolloutPhase(phase: RolloutPhaseInput): Promise<RolloutPhase> {
    return phases.insertRolloutPhase(this.#ctx, phase);
  }
  async claimRolloutPhase(id: string, owner: string, leaseMs: number): Promise<boolean> {
    return phases.claimRolloutPhase(this.#ctx, id, owner, leaseMs);
  }
  async markRolloutPhaseExecuted(id: string, executedAt: Date, outcome?: string | null): Promise<boolean> {
    return phases.markRolloutPhaseExecuted(this.#ctx, id, executedAt, outcome);
  }
  async deleteRolloutPhase(id: string): Promise<boolean> {
    return phases.removeRolloutPhase(this.#ctx, id);
  }

  async getSegment(id: string): Promise<Segment | null> {
    return segments.getSegment(this.#ctx, id);
  }
  async getSegmentByName(name: string): Promise<Segment | null> {
    return segments.getSegmentByName(this.#ctx, name);
  }
  async getAllSegments(): Promise<Segment[]> {
    return segments.getAllSegments(this.#ctx);
  }
  async getChildSegments(parentId: string): Promise<Segment[]> {
    return segments.getChildSegments(this.#ctx, parentId);
  }
  async createSegment(segment: SegmentInput): Promise<Segment> {
    return segments.insertSegment(this.#ctx, segment);
  }
  async updateSegment(segment: Segment | SegmentInput): Promise<Segment> {
    return segments.replaceSegment(this.#ctx, segment);
  }
  async deleteSegment(id: string): Promise<boolean> {
    return segments.removeSegment(this.#ctx, id);
  }

  /** The id of the last write (a UUID v7 set by every write's script); `"0"` before the first. */
  async getRevision(): Promise<string> {
    return (await this.#ctx.get(this.#context.keys.revision, 'reading the revision')) ?? '0';
  }

  /** PING within `timeoutMs`; false when closed, unreachable or refused. Never throws. */
  async healthCheck(): Promise<boolean> {
    if (this.#closed) return false;
    try {
      await this.#context.exec.send(['PING'], 'health check');
      return true;
    } catch {
      return false;
    }
  }

  /** Later calls reject with `StorageError`; closes the client too when `closeClient`. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#closeClient) await this.#context.exec.close();
  }
}
