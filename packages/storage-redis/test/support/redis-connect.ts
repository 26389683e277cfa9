import { Redis } from 'ioredis';

/*
 * Where the test Redis is and how to reach it, free of vitest so the benchmarks use it too.
 */

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
