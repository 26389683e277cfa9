import type { Redis } from '@upstash/redis';
import { toStorageError } from '../errors.js';

/** How {@link RedisStorageBackend.create} reaches an Upstash (or Upstash-compatible) REST endpoint. */
export interface UpstashConnectOptions {
  /** The REST URL, e.g. `UPSTASH_REDIS_REST_URL`. */
  url: string;
  /** The REST token, e.g. `UPSTASH_REDIS_REST_TOKEN`; masked in every error message. */
  token: string;
  /** Longest wait for one request (the HTTP request is aborted after it). @default 5000 */
  timeoutMs?: number;
  /** Retries of a request that failed at the network level (not of Redis errors). @default 2 */
  retries?: number;
}

/**
 * A new `@upstash/redis` client set up for the backend: exact strings (`automaticDeserialization:
 * false`), no auto-pipelining or telemetry, few quick retries, and every request aborted after
 * `timeoutMs`, so an unreachable endpoint fails in bounded time. Loaded on demand, so users of a TCP
 * client need not install `@upstash/redis`.
 */
export async function createUpstashClient(options: UpstashConnectOptions): Promise<Redis> {
  const timeoutMs = options.timeoutMs ?? 5000;
  try {
    const { Redis } = await import('@upstash/redis');
    return new Redis({
      url: options.url,
      token: options.token,
      automaticDeserialization: false,
      enableAutoPipelining: false,
      enableTelemetry: false,
      retry: { retries: options.retries ?? 2, backoff: (attempt) => 50 * 2 ** attempt },
      signal: () => AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw toStorageError(error, 'connecting to Upstash');
  }
}
