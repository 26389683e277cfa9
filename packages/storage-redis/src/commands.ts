/**
 * A Redis reply as every adapter hands it to the backend: bulk and status strings as UTF-8 text,
 * integers as numbers, nil as `null`, arrays as arrays. Error replies are rejections, never values.
 */
export type RedisReply = string | number | null | RedisReply[];

/**
 * The little the backend needs from a Redis client: one command at a time (scripts do the multi-key
 * work server-side, so no pipelines or transactions are needed). Adapters exist for `@upstash/redis`
 * ({@link upstashCommands}) and ioredis (`@flags/storage-redis/ioredis`); write your own to use any
 * other client. Arguments are strings sent as their UTF-8 bytes, so every adapter stores the same bytes.
 */
export interface RedisCommands {
  /** Sends one command, e.g. `['GET', key]`, in one round trip; rejects with the server's error. */
  send(command: readonly string[]): Promise<RedisReply>;
  /** Releases the connection. Called by the backend's `close()` only when the backend owns the client. */
  close(): Promise<void>;
  /**
   * @deprecated Ignored: error messages are masked by where they put a credential (a URL's password,
   * `Bearer …`, `password=…`), so no list of secrets is needed.
   */
  readonly secrets?: readonly string[];
  /** Where the client sends commands, without credentials (e.g. `redis://10.0.0.5:6379`): named in error messages. @default none */
  readonly target?: string;
  /** True for a Redis Cluster client: the backend then requires a hash-tagged prefix. @default false */
  readonly cluster?: boolean;
  /**
   * Sends one write command, then `WAIT replicas timeoutMs` on the same connection, in one round
   * trip; resolves to the command's reply and the number of replicas that acknowledged it. Needed
   * only for the backend's `waitForReplicas` option.
   */
  /**
   * Subscribes to a pub/sub channel on a connection of its own (a subscribed connection can send
   * nothing else), calling `onMessage` for each message and again after every reconnection (messages
   * sent meanwhile are lost). Resolves once subscribed; the returned function unsubscribes and closes
   * that connection. Absent where the client cannot hold a connection open (Upstash's REST API).
   */
  subscribe?(channel: string, onMessage: () => void): Promise<() => Promise<void>>;
  sendReplicated?(command: readonly string[], replicas: number, timeoutMs: number): Promise<[RedisReply, number]>;
}
