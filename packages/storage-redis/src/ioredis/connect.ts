import { Redis, type RedisOptions } from 'ioredis';
import { RedisStorageBackend } from '../backend.js';
import { toStorageError } from '../errors.js';
import { ioredisCommands } from './adapter.js';

/** Options of {@link createIoRedisStorageBackend}. */
export interface IoRedisConnectOptions {
  /** A `redis://` or `rediss://` URL, e.g. `redis://:password@127.0.0.1:6379/0`; its password is masked in errors. */
  url: string;
  /** Starts every key; use a hash tag (`{flags}:`) on Redis Cluster. @default "feature_flags:" */
  prefix?: string;
  /** Longest wait for one command (ioredis `commandTimeout` and the backend's own limit). @default 5000 */
  timeoutMs?: number;
  /** Longest wait for a TCP connection (ioredis `connectTimeout`). @default 2000 */
  connectTimeoutMs?: number;
  /** More ioredis options; they win over the defaults above. */
  redisOptions?: RedisOptions;
}

/**
 * Options that keep a failing Redis from hanging callers: a command waits for at most one reconnect
 * before it fails, while the client keeps reconnecting in the background (capped at 2 s apart), so
 * the same backend works again as soon as Redis is back.
 * @param timeoutMs ioredis `commandTimeout`. @default 5000
 * @param connectTimeoutMs ioredis `connectTimeout`. @default 2000
 */
export function boundedIoRedisOptions(timeoutMs = 5000, connectTimeoutMs = 2000): RedisOptions {
  return {
    maxRetriesPerRequest: 1,
    connectTimeout: connectTimeoutMs,
    commandTimeout: timeoutMs,
    retryStrategy: (times) => Math.min(times * 100, 2000),
    lazyConnect: true,
  };
}

/**
 * A {@link RedisStorageBackend} on a new ioredis client for `url`, with {@link boundedIoRedisOptions}.
 * `close()` quits the client.
 */
export function createIoRedisStorageBackend(options: IoRedisConnectOptions): RedisStorageBackend {
  const timeoutMs = options.timeoutMs ?? 5000;
  let redis: Redis;
  try {
    redis = new Redis(options.url, {
      ...boundedIoRedisOptions(timeoutMs, options.connectTimeoutMs),
      ...options.redisOptions,
    });
  } catch (error) {
    throw toStorageError(error, 'connecting to Redis');
  }
  // Connection errors reach callers through their commands; without a listener ioredis would also
  // print each reconnect failure as an "unhandled error event".
  redis.on('error', () => {});
  return new RedisStorageBackend({
    commands: ioredisCommands(redis),
    prefix: options.prefix,
    timeoutMs: timeoutMs + 1000,
    closeClient: true,
  });
}
