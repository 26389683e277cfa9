import { Cluster, Redis } from 'ioredis';
import { RedisStorageBackend } from '../backend.js';
import type { RedisConnectOptions } from '../connect/options.js';
import { parseRedisUrl } from '../connect/url.js';
import { optionsError, toStorageError } from '../errors.js';
import { DEFAULT_PREFIX } from '../keys.js';
import { requireHashTag, storeSettings } from '../options.js';
import { ioredisCommands } from './adapter.js';
import { ioredisClientFor } from './clients.js';

/** Options of {@link createIoRedisStorageBackend}: those of `RedisStorageBackend.create` for a TCP URL. */
export type IoRedisConnectOptions = Omit<RedisConnectOptions, 'token' | 'retries'>;

/**
 * The explicit, synchronous form of `RedisStorageBackend.create` for TCP URLs (`redis://`,
 * `rediss://`, `redis+sentinel://`, `redis+cluster://`): a backend on a new ioredis client, built for
 * bounded failures. `close()` quits the client.
 * @throws ValidationError for a bad URL or option, or an https:// URL (use `RedisStorageBackend.create`).
 */
export function createIoRedisStorageBackend(options: IoRedisConnectOptions): RedisStorageBackend {
  const settings = storeSettings(options);
  const target = parseRedisUrl(options?.url);
  if (target.kind === 'rest') {
    throw optionsError('url', 'an https:// URL is Upstash REST: use RedisStorageBackend.create({ url, token })');
  }
  if (target.kind === 'cluster') requireHashTag(options.prefix ?? DEFAULT_PREFIX);
  let client: Redis | Cluster;
  try {
    client = ioredisClientFor({ Redis, Cluster }, target, {
      timeoutMs: options.timeoutMs,
      connectTimeoutMs: options.connectTimeoutMs,
      sentinelPassword: options.sentinelPassword,
      ioredisOptions: options.ioredisOptions,
    });
  } catch (error) {
    throw toStorageError(error, 'connecting to Redis');
  }
  const { url, connectTimeoutMs, sentinelPassword, ioredisOptions, ...store } = options;
  return new RedisStorageBackend({
    ...store,
    commands: ioredisCommands(client),
    timeoutMs: settings.timeoutMs > 0 ? settings.timeoutMs + 1000 : 0,
    closeClient: true,
  });
}
