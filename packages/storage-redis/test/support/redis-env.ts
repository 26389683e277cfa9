import type { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { connectTestRedis } from './redis-connect.js';

export { connectTestRedis, REDIS_URL_VAR, redisUrl } from './redis-connect.js';

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
