import type { RedisStoreOptions } from '../options.js';

/** Options of `RedisStorageBackend.create`: where Redis is, how to reach it, and the store options. */
export interface RedisConnectOptions extends RedisStoreOptions {
  /**
   * Where Redis is; the scheme picks the client (loaded only when used):
   * `https://` → @upstash/redis; `redis://[user:password@]host[:port][/db]` and `rediss://` (TLS) →
   * ioredis; `redis+sentinel://host:port[,host:port…]/<master name>[/db]` → ioredis through Sentinel;
   * `redis+cluster://host:port[,host:port…]` → ioredis Cluster. The password is masked in every error.
   * @example "redis+sentinel://10.0.0.1:26379,10.0.0.2:26379/mymaster/0"
   */
  url: string;
  /** The REST token (`https://` only). @default the `UPSTASH_REDIS_REST_TOKEN` environment variable */
  token?: string;
  /** Retries of a REST request that failed at the network level (`https://` only). @default 2 */
  retries?: number;
  /** Longest wait for a TCP connection (ioredis `connectTimeout`). @default 2000 */
  connectTimeoutMs?: number;
  /** The Sentinels' own password, when they have one (`redis+sentinel://` only). @default none */
  sentinelPassword?: string;
  /**
   * More ioredis options (`RedisOptions`, or `ClusterOptions` for `redis+cluster://`); they win over
   * the backend's defaults. @default none
   */
  ioredisOptions?: object;
}
