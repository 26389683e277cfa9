import type { Cluster, Redis } from 'ioredis';
import type { RedisCommands, RedisReply } from '../commands.js';
import { type ConnectionWatch, explained, selectError, targetOf, watchConnection } from './diagnosis.js';

// A reply read from database 0 because SELECT of the URL's database failed is not the caller's answer.
function unlessSelectFailed<T>(redis: Redis | Cluster, watch: ConnectionWatch, reply: T): T {
  const failed = selectError(redis, watch);
  if (failed) throw failed;
  return reply;
}

/**
 * SUBSCRIBE on a duplicate of `redis` (same servers and options, a connection of its own: a subscribed
 * connection can do nothing else). ioredis subscribes again after a reconnection; `onMessage` is
 * called then too, as messages published meanwhile are lost.
 */
async function subscribeOn(
  redis: Redis | Cluster,
  channel: string,
  onMessage: () => void,
): Promise<() => Promise<void>> {
  const subscriber = redis.duplicate();
  const watch = watchConnection(subscriber);
  const call = () => {
    try {
      onMessage();
    } catch {
      // A listener's failure is its own; the next message calls it again.
    }
  };
  let ready = 0;
  subscriber.on('message', (from: string) => {
    if (from === channel) call();
  });
  subscriber.on('ready', () => {
    ready += 1;
    if (ready > 1) call();
  });
  try {
    await subscriber.subscribe(channel);
  } catch (error) {
    subscriber.disconnect();
    throw explained(subscriber, watch, error);
  }
  let stopped: Promise<void> | undefined;
  return () => {
    stopped ??= (async () => {
      try {
        await subscriber.quit();
      } catch {
        // Already closed or unreachable: disconnect below releases what is left.
      } finally {
        subscriber.disconnect();
      }
    })();
    return stopped;
  };
}

/**
 * Adapts an ioredis client (`Redis` or `Cluster`) to {@link RedisCommands}. Replies come back as
 * ioredis decodes them (bulk strings as UTF-8 text), the same values the Upstash adapter yields, and
 * arguments go out as UTF-8, so both clients store the same bytes. Error messages name where the
 * client connects (never its password) and what to check.
 *
 * Failures are bounded by the client's own options: give it `maxRetriesPerRequest` (a small number),
 * `connectTimeout` and `commandTimeout`, as {@link createIoRedisStorageBackend} does.
 */
export function ioredisCommands(redis: Redis | Cluster): RedisCommands {
  const watch = watchConnection(redis);
  return {
    cluster: redis.isCluster,
    target: targetOf(redis),
    async send(command) {
      const [name, ...args] = command;
      let reply: RedisReply;
      try {
        reply = (await redis.call(name as string, ...args)) as RedisReply;
      } catch (error) {
        throw explained(redis, watch, error);
      }
      return unlessSelectFailed(redis, watch, reply);
    },
    // A pipeline keeps the WAIT on the connection that made the write (on Cluster: the node of its slot).
    async sendReplicated(command, replicas, timeoutMs) {
      const [name, ...args] = command;
      let results: [Error | null, unknown][] | null;
      try {
        results = await redis
          .pipeline()
          .call(name as string, ...args)
          .call('WAIT', String(replicas), String(timeoutMs))
          .exec();
      } catch (error) {
        throw explained(redis, watch, error);
      }
      unlessSelectFailed(redis, watch, null);
      const [write, wait] = results ?? [];
      if (!write || !wait) throw new Error('the pipeline answered nothing');
      if (write[0]) throw write[0];
      if (wait[0]) throw wait[0];
      return [write[1] as RedisReply, Number(wait[1])];
    },
    subscribe: (channel, onMessage) => subscribeOn(redis, channel, onMessage),
    async close() {
      try {
        await redis.quit();
      } catch {
        // Already closed or unreachable: disconnect below releases what is left.
      } finally {
        // QUIT closes the command connection only; disconnect() also ends the Sentinel subscriptions
        // ioredis keeps for failover detection, which would otherwise reconnect forever.
        redis.disconnect();
      }
    },
  };
}
