import type { Cluster, ClusterOptions, Redis, RedisOptions } from 'ioredis';
import type { RedisTarget } from '../connect/url.js';

/** The part of the ioredis module the backend builds clients with. */
export interface IoRedisModule {
  Redis: typeof Redis;
  Cluster: typeof Cluster;
}

/** How a TCP client connects and how long it waits. */
export interface TcpClientOptions {
  /** Longest wait for one command (ioredis `commandTimeout`). @default 5000 */
  timeoutMs?: number;
  /** Longest wait for a TCP connection (ioredis `connectTimeout`). @default 2000 */
  connectTimeoutMs?: number;
  /** The Sentinels' own password, when it differs from the master's (`redis+sentinel://` only). @default none */
  sentinelPassword?: string;
  /** More ioredis options (`RedisOptions`, or `ClusterOptions` for `redis+cluster://`); they win over the defaults. */
  ioredisOptions?: RedisOptions | ClusterOptions;
}

/**
 * Options that keep a failing Redis from hanging callers: a command waits for at most one reconnect
 * before it fails, while the client keeps reconnecting in the background (capped at 2 s apart), so
 * the same backend works again as soon as Redis is back.
 * @param timeoutMs ioredis `commandTimeout`. @default 5000
 * @param connectTimeoutMs ioredis `connectTimeout`. @default 2000
 */
export function boundedIoRedisOptions(timeoutMs = 5000, connectTimeoutMs = 2000): RedisOptions {
  return {
    maxRetriesPerRequest: 1,
    connectTimeout: connectTimeoutMs,
    commandTimeout: timeoutMs,
    retryStrategy: (times) => Math.min(times * 100, 2000),
    lazyConnect: true,
  };
}

/**
 * A new ioredis client for a TCP target: one server (`redis://`, `rediss://`), a master found through
 * Sentinels (it follows failovers: asks the Sentinels again and listens for `+switch-master`), or a
 * Cluster (it follows MOVED/ASK redirections and refreshes its slot map).
 */
export function ioredisClientFor(
  ioredis: IoRedisModule,
  target: Exclude<RedisTarget, { kind: 'rest' }>,
  options: TcpClientOptions,
): Redis | Cluster {
  const bounded = boundedIoRedisOptions(options.timeoutMs, options.connectTimeoutMs);
  const extra = options.ioredisOptions ?? {};
  let client: Redis | Cluster;
  if (target.kind === 'single') {
    client = new ioredis.Redis(target.url, { ...bounded, ...(extra as RedisOptions) });
  } else if (target.kind === 'sentinel') {
    client = new ioredis.Redis({
      ...bounded,
      sentinels: target.sentinels,
      name: target.masterName,
      db: target.db,
      username: target.username,
      password: target.password,
      sentinelPassword: options.sentinelPassword,
      failoverDetector: true,
      ...(extra as RedisOptions),
    });
  } else {
    const { lazyConnect, retryStrategy, ...perNode } = bounded;
    const clusterExtra = extra as ClusterOptions;
    client = new ioredis.Cluster(target.nodes, {
      lazyConnect,
      clusterRetryStrategy: retryStrategy as ClusterOptions['clusterRetryStrategy'],
      retryDelayOnTryAgain: 100,
      retryDelayOnClusterDown: 100,
      retryDelayOnFailover: 100,
      ...clusterExtra,
      redisOptions: {
        ...perNode,
        username: target.username,
        password: target.password,
        ...clusterExtra.redisOptions,
      },
    });
  }
  // Connection errors reach callers through their commands; without a listener ioredis would also
  // print each reconnect failure as an "unhandled error event". When SELECT of the URL's database
  // fails, ioredis carries on with database 0: this client stops instead, so nothing reads or writes there.
  client.on('error', (error: Error) => {
    if ((error as { command?: { name?: string } }).command?.name === 'select') client.disconnect();
  });
  return client;
}
