import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach } from 'vitest';

/** The env var that points the Redis suites at another server. */
export const REDIS_URL_VAR = 'FLAGS_TEST_REDIS_URL';

/** The Redis the suites use: `$FLAGS_TEST_REDIS_URL`, else the loopback default. */
export function redisUrl(): string {
  return process.env[REDIS_URL_VAR] || 'redis://127.0.0.1:6379';
}

/** A redacted form of the URL for messages. */
function shown(url: string): string {
  return url.replace(/(\/\/[^:/@]*:)[^@]+@/, '$1***@');
}

/**
 * A connected ioredis client for test bookkeeping (SCAN, PTTL …), or an Error naming the service, the
 * URL tried and the env var to set, so a missing Redis fails the suite instead of skipping it.
 */
export async function connectTestRedis(): Promise<Redis> {
  const url = redisUrl();
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: 2000,
    retryStrategy: () => null,
  });
  redis.on('error', () => {});
  try {
    await redis.connect();
    await redis.ping();
    return redis;
  } catch (error) {
    redis.disconnect();
    throw new Error(
      `[@flags/storage-redis tests] Redis is not reachable at ${shown(url)} (${(error as Error).message}). ` +
        `Start Redis there (scripts/services.sh does) or set ${REDIS_URL_VAR} to a Redis URL.`,
    );
  }
}

const RUN = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
let counter = 0;

/** A key-prefix segment unique to this run and call, so concurrent runs never share a key. */
export function uniqueSuffix(label: string): string {
  counter += 1;
  return `t-${label}-${RUN}-${counter}`;
}

/** Every key starting with `prefix` (SCAN, never KEYS). */
export async function keysUnder(redis: Redis, prefix: string): Promise<string[]> {
  const found: string[] = [];
  const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    found.push(...keys);
    cursor = next;
  } while (cursor !== '0');
  return found;
}

/** Deletes every key starting with `prefix` (the suites' cleanup; nothing uses FLUSHALL/FLUSHDB). */
export async function deleteKeysUnder(redis: Redis, prefix: string): Promise<void> {
  const keys = await keysUnder(redis, prefix);
  for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
}

/**
 * Connects to the test Redis before the file's tests. A missing Redis fails every test of the file
 * (in `beforeEach`, never a skip) with {@link connectTestRedis}'s message. `cleanup` runs before the
 * connection closes.
 */
export function useTestRedis(cleanup?: (redis: Redis) => Promise<void>): { readonly redis: Redis } {
  let redis: Redis | undefined;
  let unavailable: Error | undefined;
  beforeAll(async () => {
    try {
      redis = await connectTestRedis();
    } catch (error) {
      unavailable = error as Error;
    }
  });
  beforeEach(() => {
    if (unavailable) throw unavailable;
  });
  afterAll(async () => {
    if (!redis) return;
    await cleanup?.(redis);
    redis.disconnect();
  });
  return {
    get redis(): Redis {
      if (!redis) throw unavailable ?? new Error('[@flags/storage-redis tests] Redis is not connected yet');
      return redis;
    },
  };
}
