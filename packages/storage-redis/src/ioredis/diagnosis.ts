import type { Cluster, Redis } from 'ioredis';

interface HostPort {
  host?: string;
  port?: number;
}

interface ClientOptions extends HostPort {
  path?: string | null;
  tls?: unknown;
  db?: number;
  sentinels?: HostPort[] | null;
  name?: string;
  commandTimeout?: number;
}

const hostPort = (node: HostPort) => `${node.host ?? 'localhost'}:${node.port ?? 6379}`;

/**
 * Where `redis` sends its commands, as a URL without credentials, for messages: `redis://host:port/db`,
 * `redis+sentinel://host:port,…/<master>`, `redis+cluster://host:port,…`.
 */
export function targetOf(redis: Redis | Cluster): string {
  if (redis.isCluster) {
    const nodes = (redis as unknown as { startupNodes?: (HostPort | string | number)[] }).startupNodes ?? [];
    const listed = nodes.map((node) => (typeof node === 'object' ? hostPort(node) : String(node)));
    return `redis+cluster://${listed.join(',')}`;
  }
  const options = (redis as Redis).options as ClientOptions;
  const db = options.db ? `/${options.db}` : '';
  if (options.sentinels?.length) {
    return `redis+sentinel://${options.sentinels.map(hostPort).join(',')}/${options.name ?? ''}${db}`;
  }
  if (options.path) return `redis+unix://${options.path}${db}`;
  return `${options.tls ? 'rediss' : 'redis'}://${hostPort(options)}${db}`;
}

/** What the client went through since it last was ready: its last connection error, a failed SELECT. */
export interface ConnectionWatch {
  lastError?: Error;
  /** SELECT of the URL's database failed: ioredis then goes on, on database 0. */
  selectFailed?: Error;
}

// One watch per client, however many backends share it (each would add listeners otherwise).
const watches = new WeakMap<Redis | Cluster, ConnectionWatch>();

/** Records the client's connection errors (ioredis emits them as events, not through commands). */
export function watchConnection(redis: Redis | Cluster): ConnectionWatch {
  const known = watches.get(redis);
  if (known) return known;
  const watch: ConnectionWatch = {};
  watches.set(redis, watch);
  redis.on('error', (error: Error) => {
    watch.lastError = error;
    if ((error as { command?: { name?: string } }).command?.name === 'select') watch.selectFailed = error;
  });
  redis.on('ready', () => {
    watch.lastError = undefined;
  });
  return watch;
}

/** The error of every command once SELECT of the URL's database failed. */
export function selectError(redis: Redis | Cluster, watch: ConnectionWatch): Error | undefined {
  if (!watch.selectFailed) return undefined;
  const db = ((redis as Redis).options as ClientOptions).db;
  return new Error(
    `database ${db} cannot be selected (${watch.selectFailed.message}): the server has fewer databases; check the /<db> at the end of the URL`,
  );
}

/**
 * ioredis's error for a command, said the way a user can act on: an unreachable server (ioredis
 * reports a retry limit) with the connection error behind it, a command without answer, refused
 * credentials, each with what to check.
 */
export function explained(redis: Redis | Cluster, watch: ConnectionWatch, error: unknown): unknown {
  const failedSelect = selectError(redis, watch);
  if (failedSelect) return failedSelect;
  const name = (error as Error | undefined)?.name;
  const message = (error as Error | undefined)?.message ?? '';
  const sentinel = !redis.isCluster && Boolean(((redis as Redis).options as ClientOptions).sentinels?.length);
  const check = sentinel
    ? 'check the Sentinel hosts and the master name in the URL, and that the Sentinels and the master are up'
    : redis.isCluster
      ? 'check the node hosts and ports in the URL and that the Cluster is up'
      : 'check the host and port in the URL and that the server is up';
  if (name === 'MaxRetriesPerRequestError' || name === 'ClusterAllFailedError') {
    const cause = watch.lastError?.message ?? `connection ${redis.status}`;
    return new Error(`Redis unreachable (${cause}): ${check}`);
  }
  if (message.startsWith('WRONGPASS')) {
    return new Error(`${message}: check the user name and password in the URL (its user:password@ part)`);
  }
  if (message.startsWith('NOAUTH'))
    return new Error(`${message}: the server needs a password: give it in the URL as :password@ before the host`);
  if (message === 'Command timed out') {
    const options = (redis as { options?: ClientOptions & { redisOptions?: ClientOptions } }).options;
    const ms = redis.isCluster ? options?.redisOptions?.commandTimeout : options?.commandTimeout;
    const cause = watch.lastError ? ` (${watch.lastError.message})` : '';
    return new Error(
      `no answer${ms ? ` within ${ms} ms` : ''}${cause}: ${check} (a busy server may need a larger timeoutMs)`,
    );
  }
  return error;
}
