import { openTcpClient } from '#tcp-client';
import type { RedisCommands } from '../commands.js';
import { optionsError } from '../errors.js';
import type { TcpClientOptions } from '../ioredis/clients.js';
import { DEFAULT_PREFIX } from '../keys.js';
import { requireHashTag } from '../options.js';
import { createUpstashClient } from '../upstash/connect.js';
import type { RedisConnectOptions } from './options.js';
import { parseRedisUrl } from './url.js';

/** What a URL connects to: an Upstash client, or a TCP client behind RedisCommands. */
export type Connection = { redis: Awaited<ReturnType<typeof createUpstashClient>> } | { commands: RedisCommands };

function envToken(): string | undefined {
  // Read through globalThis: edge runtimes have no `process` (they pass `token` instead).
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return env?.UPSTASH_REDIS_REST_TOKEN || undefined;
}

/**
 * Connects to what `options.url` names with the client its scheme calls for. The URL and the
 * options are checked first (ValidationError), so nothing is loaded or opened for a bad one.
 */
export async function connectUrl(options: RedisConnectOptions): Promise<Connection> {
  if (typeof options !== 'object' || options === null) throw optionsError('', 'pass an options object with a url');
  const target = parseRedisUrl(options.url);
  if (target.kind === 'rest') {
    const token = options.token ?? envToken();
    if (!token) {
      throw optionsError(
        'token',
        'an https:// (Upstash) URL needs its token: pass `token` or set UPSTASH_REDIS_REST_TOKEN',
      );
    }
    const redis = await createUpstashClient({
      url: target.url,
      token,
      timeoutMs: options.timeoutMs,
      retries: options.retries,
    });
    return { redis };
  }
  if (target.kind === 'cluster') requireHashTag(options.prefix ?? DEFAULT_PREFIX);
  const tcp: TcpClientOptions = {
    timeoutMs: options.timeoutMs,
    connectTimeoutMs: options.connectTimeoutMs,
    sentinelPassword: options.sentinelPassword,
    ioredisOptions: options.ioredisOptions,
  };
  return { commands: await openTcpClient(target, tcp) };
}
