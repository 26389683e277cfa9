import type { Redis, Requester } from '@upstash/redis';
import type { RedisCommands, RedisReply } from '../commands.js';
import { RedisReplyError } from '../errors.js';

/**
 * The `Requester` an `@upstash/redis` client sends its HTTP requests through. The backend talks to it
 * directly rather than through the client's command methods: those JSON-parse every reply by default
 * (`automaticDeserialization`), which would turn a stored `"42"` into the number 42, so going below
 * them keeps every stored string exact whatever options the client was built with. The requester
 * still applies the client's URL, token, retries, signal and base64 response decoding.
 */
function requesterOf(redis: Redis | Requester): Requester {
  const candidate = 'request' in redis ? redis : (redis as unknown as { client?: Requester }).client;
  if (!candidate || typeof candidate.request !== 'function') {
    throw new TypeError('[@flags/storage-redis] expected an @upstash/redis client (new Redis({ url, token }))');
  }
  return candidate;
}

// The endpoint refused the token (HTTP 401): say which setting it is.
function refusedToken(error: unknown): unknown {
  // @upstash/redis appends the command (user data) to the server's answer; the answer is enough.
  const message = ((error as Error | undefined)?.message ?? '').split(', command was: ')[0] ?? '';
  if (message !== 'Unauthorized' && !message.startsWith('WRONGPASS')) return error;
  return new RedisReplyError(`${message}: check the token (UPSTASH_REDIS_REST_TOKEN)`);
}

/**
 * Adapts an `@upstash/redis` client (or its `Requester`) to {@link RedisCommands}: one HTTP request
 * per command. The client's token is masked in every error message (where it shows as a credential).
 */
export function upstashCommands(redis: Redis | Requester): RedisCommands {
  const requester = requesterOf(redis);
  const baseUrl = (requester as { baseUrl?: unknown }).baseUrl;
  return {
    target: typeof baseUrl === 'string' ? baseUrl : undefined,
    async send(command) {
      let reply: { result?: RedisReply; error?: string };
      try {
        reply = await requester.request<RedisReply>({ body: command });
      } catch (error) {
        throw refusedToken(error);
      }
      if (reply.error) throw refusedToken(new RedisReplyError(reply.error));
      return reply.result ?? null;
    },
    async close() {
      // HTTP: no connection to release.
    },
  };
}
