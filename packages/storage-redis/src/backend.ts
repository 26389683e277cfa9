import type {
  ChangeBatch,
  ChangeListener,
  FeatureFlag,
  FeatureFlagInput,
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
import { StorageError } from '@flags/core';
import {
  closedError,
  isStorableEntity,
  isStorableText,
  requireChangesArguments,
  storableEntities,
} from '@flags/core/backend';
import { connectUrl } from './connect/create.js';
import type { RedisConnectOptions } from './connect/options.js';
import { PACKAGE } from './errors.js';
import { CommandExecutor } from './executor.js';
import { KeyLayout } from './keys.js';
import { checkBackendOptions, type RedisStorageBackendOptions, storeSettings } from './options.js';
import * as changes from './store/changes.js';
import { StoreContext } from './store/context.js';
import * as feed from './store/feed.js';
import * as flagReads from './store/flag-reads.js';
import * as flags from './store/flags.js';
import * as leases from './store/leases.js';
import * as overrides from './store/overrides.js';
import * as phases from './store/phases.js';
import * as schedules from './store/schedules.js';
import * as segments from './store/segments.js';
import { upstashCommands } from './upstash/adapter.js';

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
  /** Stops the subscriptions still running, at close. */
  readonly #unsubscribes = new Set<() => Promise<void>>();

  /**
   * A backend on a client the app made. Use {@link RedisStorageBackend.create} to let the backend
   * make one from a URL.
   * @throws ValidationError when the options are not usable (no client, both clients, a bad prefix,
   * timeout or clock, a Redis Cluster client with a prefix that has no hash tag).
   */
  constructor(options: RedisStorageBackendOptions) {
    const settings = checkBackendOptions(options);
    const commands = options.commands ?? upstashCommands(options.redis!);
    this.prefix = settings.prefix;
    const executor = new CommandExecutor(commands, settings.timeoutMs, {
      replicas: settings.waitForReplicas,
      timeoutMs: settings.replicaTimeoutMs,
    });
    this.#context = new StoreContext(
      new KeyLayout(this.prefix),
      executor,
      settings.flagCacheSize,
      settings.clock,
      settings.feedRetention,
    );
    const { subscribe } = commands;
    if (subscribe) {
      const channel = this.#context.keys.feedChannel;
      this.subscribe = (listener) => this.#listen(() => subscribe.call(commands, channel, listener));
    }
    this.#closeClient = options.closeClient ?? false;
  }

  /**
   * A backend on a new client for `url`, picked by its scheme (https → @upstash/redis; redis, rediss,
   * redis+sentinel, redis+cluster → ioredis), each client package loaded only when its scheme is
   * used. The client is built for bounded failures (a time limit per command, few retries, background
   * reconnection that follows Sentinel failovers and Cluster redirections); `close()` closes it.
   * @throws ValidationError for a bad URL or option (the password masked), StorageError when the
   * client package is missing (the message says what to install).
   */
  static async create(options: RedisConnectOptions): Promise<RedisStorageBackend> {
    const settings = storeSettings(options);
    const connection = await connectUrl(options);
    const { url, token, retries, connectTimeoutMs, sentinelPassword, ioredisOptions, ...store } = options;
    // A TCP client times out commands itself (with a clearer message); the backend's limit is a backstop.
    const timeoutMs =
      'commands' in connection && settings.timeoutMs > 0 ? settings.timeoutMs + 1000 : settings.timeoutMs;
    try {
      return new RedisStorageBackend({ ...connection, ...store, timeoutMs, closeClient: true });
    } catch (error) {
      if ('commands' in connection) await connection.commands.close();
      throw error;
    }
  }

  get #ctx(): StoreContext {
    if (this.#closed) throw closedError(PACKAGE);
    return this.#context;
  }

  // Keys, ids and names no record can hold (NUL, lone surrogates, over-long) find nothing without a
  // round trip: UTF-8 would turn `x\uD800` into the stored `x\uFFFD`.
  async getFlag(key: string): Promise<FeatureFlag | null> {
    const ctx = this.#ctx;
    return isStorableText(key) ? flagReads.getFlag(ctx, key) : null;
  }
  async getFlags(keys: readonly string[]): Promise<Map<string, FeatureFlag>> {
    return flagReads.getFlags(this.#ctx, keys.filter(isStorableText));
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
  async createFlags(list: readonly FeatureFlagInput[]): Promise<FeatureFlag[]> {
    return flags.insertFlags(this.#ctx, list);
  }
  async updateFlag(flag: FeatureFlag | FeatureFlagInput, options?: WriteOptions): Promise<FeatureFlag> {
    return flags.replaceFlag(this.#ctx, flag, options);
  }
  async deleteFlag(key: string): Promise<boolean> {
    const ctx = this.#ctx;
    return isStorableText(key) && flags.removeFlag(ctx, key);
  }

  async getOverride(flagId: string, entityType: string, entityId: string): Promise<FlagOverride | null> {
    const ctx = this.#ctx;
    if (!isStorableText(flagId) || !isStorableEntity({ entityType, entityId })) return null;
    return overrides.getOverride(ctx, flagId, entityType, entityId);
  }
  async getOverrides(flagId: string, entities: readonly OverrideEntity[]): Promise<FlagOverride[]> {
    return this.getOverridesForFlags([flagId], entities);
  }
  async getOverridesForFlags(flagIds: readonly string[], entities: readonly OverrideEntity[]): Promise<FlagOverride[]> {
    return overrides.getOverridesForFlags(this.#ctx, flagIds.filter(isStorableText), storableEntities(entities));
  }
  async listOverrides(flagId: string): Promise<FlagOverride[]> {
    const ctx = this.#ctx;
    return isStorableText(flagId) ? overrides.listOverrides(ctx, flagId) : [];
  }
  async upsertOverride(override: FlagOverrideInput): Promise<FlagOverride> {
    return overrides.upsertOverride(this.#ctx, override);
  }

  async upsertOverrides(list: readonly FlagOverrideInput[]): Promise<FlagOverride[]> {
    return overrides.upsertOverrides(this.#ctx, list);
  }
  async deleteOverride(flagId: string, entityType: string, entityId: string): Promise<boolean> {
    const ctx = this.#ctx;
    if (!isStorableText(flagId) || !isStorableEntity({ entityType, entityId })) return false;
    return overrides.removeOverride(ctx, flagId, entityType, entityId);
  }

  async getScheduledChanges(query?: ScheduledChangeQuery): Promise<ScheduledFlagChange[]> {
    const ctx = this.#ctx;
    if (query?.flagId !== undefined && !isStorableText(query.flagId)) return [];
    return changes.getScheduledChanges(ctx, query);
  }
  async createScheduledChange(change: ScheduledFlagChangeInput): Promise<ScheduledFlagChange> {
    return changes.insertScheduledChange(this.#ctx, change);
  }
  async createScheduledChanges(list: readonly ScheduledFlagChangeInput[]): Promise<ScheduledFlagChange[]> {
    return changes.insertScheduledChanges(this.#ctx, list);
  }
  async updateScheduledChange(change: ScheduledFlagChange | ScheduledFlagChangeInput): Promise<ScheduledFlagChange> {
    return changes.replaceScheduledChange(this.#ctx, change);
  }
  async deleteScheduledChange(id: string): Promise<boolean> {
    const ctx = this.#ctx;
    return isStorableText(id) && changes.removeScheduledChange(ctx, id);
  }
  async claimScheduledChange(id: string, owner: string, leaseMs: number): Promise<boolean> {
    return leases.claim(this.#ctx, 'scheduledChange', id, owner, leaseMs);
  }
  async markScheduledChangeExecuted(
    id: string,
    executedAt: Date,
    outcome?: string | null,
    options?: WriteOptions,
  ): Promise<boolean> {
    return leases.markExecuted(this.#ctx, 'scheduledChange', id, executedAt, outcome, options);
  }

  async getTimeSchedules(query?: TimeScheduleQuery): Promise<TimeSchedule[]> {
    const ctx = this.#ctx;
    if (query?.flagId !== undefined && !isStorableText(query.flagId)) return [];
    return schedules.getTimeSchedules(ctx, query);
  }
  async createTimeSchedule(schedule: TimeScheduleInput): Promise<TimeSchedule> {
    return schedules.insertTimeSchedule(this.#ctx, schedule);
  }
  async createTimeSchedules(list: readonly TimeScheduleInput[]): Promise<TimeSchedule[]> {
    return schedules.insertTimeSchedules(this.#ctx, list);
  }
  async updateTimeSchedule(schedule: TimeSchedule | TimeScheduleInput): Promise<TimeSchedule> {
    return schedules.replaceTimeSchedule(this.#ctx, schedule);
  }
  async deleteTimeSchedule(id: string): Promise<boolean> {
    const ctx = this.#ctx;
    return isStorableText(id) && schedules.removeTimeSchedule(ctx, id);
  }

  async getRolloutPhases(flagId: string): Promise<RolloutPhase[]> {
    const ctx = this.#ctx;
    return isStorableText(flagId) ? phases.getRolloutPhases(ctx, flagId) : [];
  }
  async getPendingRolloutPhases(): Promise<RolloutPhase[]> {
    return phases.getPendingRolloutPhases(this.#ctx);
  }
  async createRolloutPhase(phase: RolloutPhaseInput): Promise<RolloutPhase> {
    return phases.insertRolloutPhase(this.#ctx, phase);
  }
  async createRolloutPhases(list: readonly RolloutPhaseInput[]): Promise<RolloutPhase[]> {
    return phases.insertRolloutPhases(this.#ctx, list);
  }
  async claimRolloutPhase(id: string, owner: string, leaseMs: number): Promise<boolean> {
    return leases.claim(this.#ctx, 'rolloutPhase', id, owner, leaseMs);
  }
  async markRolloutPhaseExecuted(
    id: string,
    executedAt: Date,
    outcome?: string | null,
    options?: WriteOptions,
  ): Promise<boolean> {
    return leases.markExecuted(this.#ctx, 'rolloutPhase', id, executedAt, outcome, options);
  }
  async deleteRolloutPhase(id: string): Promise<boolean> {
    const ctx = this.#ctx;
    return isStorableText(id) && phases.removeRolloutPhase(ctx, id);
  }

  async getSegment(id: string): Promise<Segment | null> {
    const ctx = this.#ctx;
    return isStorableText(id) ? segments.getSegment(ctx, id) : null;
  }
  async getSegmentByName(name: string): Promise<Segment | null> {
    const ctx = this.#ctx;
    return isStorableText(name) ? segments.getSegmentByName(ctx, name) : null;
  }
  async getAllSegments(): Promise<Segment[]> {
    return segments.getAllSegments(this.#ctx);
  }
  async getChildSegments(parentId: string): Promise<Segment[]> {
    const ctx = this.#ctx;
    return isStorableText(parentId) ? segments.getChildSegments(ctx, parentId) : [];
  }
  async createSegment(segment: SegmentInput): Promise<Segment> {
    return segments.insertSegment(this.#ctx, segment);
  }
  async updateSegment(segment: Segment | SegmentInput): Promise<Segment> {
    return segments.replaceSegment(this.#ctx, segment);
  }
  async deleteSegment(id: string): Promise<boolean> {
    const ctx = this.#ctx;
    return isStorableText(id) && segments.removeSegment(ctx, id);
  }

  /** The id of the last write (a UUID v7 set by every write's script); `"0"` before the first. */
  async getOverridesForEntities(entities: readonly OverrideEntity[]): Promise<FlagOverride[]> {
    return overrides.getOverridesForEntities(this.#ctx, entities);
  }

  /** One script call: the changes after `since`, the head and the oldest revision kept. */
  async getChanges(since: number | null, options?: GetChangesOptions): Promise<ChangeBatch> {
    const args = requireChangesArguments(since, options);
    return feed.getChanges(this.#ctx, args.since, args.limit);
  }

  /**
   * TCP clients (ioredis: plain, Sentinel, Cluster) only: `SUBSCRIBE` on a connection of its own to the
   * channel every write script publishes on. Absent on Upstash's REST API: poll `getChanges` there.
   */
  readonly subscribe?: (listener: ChangeListener) => Promise<() => Promise<void>>;

  async #listen(start: () => Promise<() => Promise<void>>): Promise<() => Promise<void>> {
    this.#ctx;
    let stop: () => Promise<void>;
    try {
      stop = await start();
    } catch (error) {
      throw new StorageError(`${PACKAGE} subscribing to the change feed failed: ${(error as Error).message}`, {
        cause: error,
      });
    }
    this.#unsubscribes.add(stop);
    return async () => {
      this.#unsubscribes.delete(stop);
      await stop();
    };
  }

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
    await Promise.all([...this.#unsubscribes].map((stop) => stop()));
    this.#unsubscribes.clear();
    if (this.#closeClient) await this.#context.exec.close();
  }
}
