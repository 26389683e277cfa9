import type { Cluster, Redis } from 'ioredis';
import type { RedisCommands, RedisReply } from '../commands.js';

function passwordOf(redis: Redis | Cluster): string[] {
  const options = (redis as { options?: { password?: unknown; redisOptions?: { password?: unknown } } }).options;
  const password = options?.password ?? options?.redisOptions?.password;
  return typeof password === 'string' && password.length > 0 ? [password] : [];
}

/**
 * Adapts an ioredis client (`Redis` or `Cluster`) to {@link RedisCommands}. Replies come back as
 * ioredis decodes them (bulk strings as UTF-8 text), the same values the Upstash adapter yields, and
 * arguments go out as UTF-8, so both clients store the same bytes. The client's password is masked in
 * error messages.
 *
 * Failures are bounded by the client's own options: give it `maxRetriesPerRequest` (a small number),
 * `connectTimeout` and `commandTimeout`, as {@link createIoRedisStorageBackend} does.
 */
export function ioredisCommands(redis: Redis | Cluster): RedisCommands {
  return {
    secrets: passwordOf(redis),
    async send(command) {
      const [name, ...args] = command;
      try {
        return (await redis.call(name as string, ...args)) as RedisReply;
      } catch (error) {
        // ioredis reports an unreachable server as a retry limit; say what it means.
        if ((error as Error).name === 'MaxRetriesPerRequestError') {
          throw new Error(`Redis unreachable (connection ${redis.status}): ${(error as Error).message}`);
        }
        throw error;
      }
    },
    async close() {
      try {
        await redis.quit();
      } catch {
        redis.disconnect();
      }
    },
  };
}
