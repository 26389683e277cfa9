import type { FeedRetention } from '@flags/core';
import { type ResolvedFeedRetention, resolveFeedRetention } from '@flags/core/backend';
import type { Redis, Requester } from '@upstash/redis';
import type { RedisCommands } from './commands.js';
import { optionsError } from './errors.js';
import { DEFAULT_PREFIX } from './keys.js';

/** Options of every Redis backend, however it reaches Redis. */
export interface RedisStoreOptions {
  /**
   * Starts every key. On Redis Cluster it must hold a hash tag so every key lands in one slot.
   * @default "feature_flags:"
   * @example "{flags}:"
   */
  prefix?: string;
  /** Longest wait for one round trip before the call fails with `StorageError`; `0` for none. @default 5000 */
  timeoutMs?: number;
  /**
   * The app's clock: stamps `createdAt`/`updatedAt`, starts and ends scheduler leases, decides which
   * overrides have expired (and sets their Redis TTL from it). @default () => new Date()
   */
  clock?: () => Date;
  /**
   * How many decoded flags to keep, so reads of unchanged flags copy them instead of re-parsing, and
   * bulk reads get back only the documents that changed (see the README, "Bulk reads"). `0` turns
   * it off: every read then gets and decodes every document. @default 5000
   */
  flagCacheSize?: number;
  /**
   * How much of the change feed (`getChanges`) to keep: a count of changes, an age in ms, or both.
   * The write scripts trim it as they record. @default { maxChanges: 10000 }
   */
  feedRetention?: FeedRetention;
  /**
   * After every write, wait until this many replicas have acknowledged it (Redis `WAIT`); a write not
   * acknowledged in time rejects with `StorageError` (it is applied on the primary all the same, and
   * may be lost if the primary fails before it replicates). TCP clients only. See the README, "Durability".
   * @default 0 (do not wait: Redis replication is asynchronous)
   */
  waitForReplicas?: number;
  /** How long a write waits for `waitForReplicas` acknowledgements. @default 1000 */
  replicaTimeoutMs?: number;
}

/** The client the backend talks through: an `@upstash/redis` client, or any client behind {@link RedisCommands}. */
export type RedisClientOptions =
  | {
      /** An `@upstash/redis` client. Its `automaticDeserialization` setting does not matter (see the README). */
      redis: Redis | Requester;
      commands?: never;
    }
  | {
      /** Any client behind {@link RedisCommands}, e.g. `ioredisCommands(new IORedis(url))` from `@flags/storage-redis/ioredis`. */
      commands: RedisCommands;
      redis?: never;
    };

/** Options of `new RedisStorageBackend(…)`: a client the app made (`redis` or `commands`), and the store options. */
export type RedisStorageBackendOptions = RedisClientOptions &
  RedisStoreOptions & {
    /** Whether `close()` also closes the client. @default false — the caller owns a client it passed in */
    closeClient?: boolean;
  };

/** The store options with their defaults applied. @internal */
export interface StoreSettings {
  prefix: string;
  timeoutMs: number;
  clock: () => Date;
  flagCacheSize: number;
  feedRetention: ResolvedFeedRetention;
  waitForReplicas: number;
  replicaTimeoutMs: number;
}

function count(value: unknown, path: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw optionsError(path, `must be a whole number ≥ 0, got ${String(value)}`);
  }
  return value;
}

/**
 * The hash tag of a prefix as Redis Cluster reads it (the text between the first `{` and the next
 * `}`), or null when keys under it would not share one slot.
 */
export function hashTagOf(prefix: string): string | null {
  const open = prefix.indexOf('{');
  if (open < 0) return null;
  const close = prefix.indexOf('}', open + 1);
  return close > open + 1 ? prefix.slice(open + 1, close) : null;
}

/** Refuses a prefix whose keys would spread over Redis Cluster slots, showing the fix. @internal */
export function requireHashTag(prefix: string): void {
  if (hashTagOf(prefix) !== null) return;
  throw optionsError(
    'prefix',
    `on Redis Cluster every key of the store must hash to one slot, so the prefix needs a hash tag: ` +
      `pass prefix: '{flags}:' (or '{${prefix.replace(/[{}]/g, '').replace(/:$/, '') || 'flags'}}:'); ` +
      `"${prefix}" has none`,
  );
}

/** The store options checked, with defaults; a bad one is a `ValidationError` naming it. @internal */
export function storeSettings(options: RedisStoreOptions): StoreSettings {
  if (typeof options !== 'object' || options === null) throw optionsError('', 'pass an options object');
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  if (typeof prefix !== 'string' || prefix.length === 0) throw optionsError('prefix', 'must be a non-empty string');
  if (options.clock !== undefined && typeof options.clock !== 'function') {
    throw optionsError('clock', 'must be a function returning a Date');
  }
  return {
    prefix,
    timeoutMs: count(options.timeoutMs, 'timeoutMs', 5000),
    clock: options.clock ?? (() => new Date()),
    flagCacheSize: count(options.flagCacheSize, 'flagCacheSize', 5000),
    feedRetention: resolveFeedRetention(options.feedRetention, 'Redis backend options'),
    waitForReplicas: count(options.waitForReplicas, 'waitForReplicas', 0),
    replicaTimeoutMs: count(options.replicaTimeoutMs, 'replicaTimeoutMs', 1000),
  };
}

/** The constructor's options checked: exactly one client, and settings that client can keep. @internal */
export function checkBackendOptions(options: RedisStorageBackendOptions): StoreSettings {
  const settings = storeSettings(options);
  const given = options as { redis?: unknown; commands?: RedisCommands };
  if (given.redis !== undefined && given.commands !== undefined) {
    throw optionsError('redis', 'pass `redis` or `commands`, not both');
  }
  if (given.redis === undefined && given.commands === undefined) {
    throw optionsError(
      'redis',
      'pass `redis` (an @upstash/redis client) or `commands`, or use RedisStorageBackend.create({ url })',
    );
  }
  if (given.commands?.cluster) requireHashTag(settings.prefix);
  if (settings.waitForReplicas > 0 && !given.commands?.sendReplicated) {
    throw optionsError('waitForReplicas', 'needs a TCP client (ioredis): Upstash over https cannot wait for replicas');
  }
  return settings;
}
