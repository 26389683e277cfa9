import type { StorageBackend } from '@flags/core';
import { maskUrl } from '@flags/core/backend';
import { UsageError } from '../usage-error.js';

/** How the CLI reaches a store. */
export interface ConnectOptions {
  /** `postgres://`, `mysql://`, `mariadb://`, `sqlite:<path>` / a file path, `redis://`, `rediss://`, `redis+sentinel://`, `redis+cluster://`, `https://` (Upstash REST), or `memory:`. */
  url: string;
  /** Key prefix of a Redis store. @default "feature_flags:" */
  redisPrefix?: string | undefined;
  /** Table prefix of a SQL store. @default "ff_" */
  tablePrefix?: string | undefined;
  /** Create the SQL tables when missing (SQL stores only). @default false */
  createTables?: boolean | undefined;
  /** The Upstash REST token, for `https://` URLs. @default process.env.UPSTASH_REDIS_REST_TOKEN */
  upstashToken?: string | undefined;
}

/** Which backend package a URL needs. */
export type StoreKind = 'sql' | 'redis' | 'upstash' | 'memory';

/** The kind of store a URL names. @throws UsageError for a scheme no backend reads. */
export function storeKind(url: string): StoreKind {
  if (/^(postgres|postgresql|mysql|mariadb):\/\//i.test(url) || /^(sqlite|file):/i.test(url)) return 'sql';
  if (/^(rediss?|redis\+sentinel|redis\+cluster):\/\//i.test(url)) return 'redis';
  if (/^https:\/\//i.test(url)) return 'upstash';
  if (/^memory:/i.test(url)) return 'memory';
  if (!/^[a-z][a-z0-9+.-]*:/i.test(url) && url.length > 0) return 'sql';
  throw new UsageError(
    `unsupported store URL scheme in "${maskUrl(url)}": use postgres://, mysql://, mariadb://, sqlite:<path>, redis://, rediss://, redis+sentinel://, redis+cluster://, https:// (Upstash) or memory:`,
  );
}

const PACKAGES: Record<StoreKind, string> = {
  sql: '@flags/storage-drizzle drizzle-orm and the driver (postgres, mysql2 or better-sqlite3)',
  redis: '@flags/storage-redis ioredis',
  upstash: '@flags/storage-redis @upstash/redis',
  memory: '@flags/storage-memory',
};

async function load<T>(kind: StoreKind, loading: () => Promise<T>): Promise<T> {
  try {
    return await loading();
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND') {
      throw new Error(
        `[@flags/cli] this URL needs ${PACKAGES[kind]} installed beside @flags/cli: npm install ${PACKAGES[kind].split(' ')[0]} …`,
      );
    }
    throw error;
  }
}

/**
 * Opens the store a URL names, importing only that backend (and so only its driver). The backend
 * owns its connection: `close()` ends it.
 */
export async function connect(options: ConnectOptions): Promise<StorageBackend> {
  const kind = storeKind(options.url);
  switch (kind) {
    case 'sql': {
      const { DrizzleStorageBackend } = await load(kind, () => import('@flags/storage-drizzle'));
      return DrizzleStorageBackend.create({
        url: options.url,
        tablePrefix: options.tablePrefix,
        createTables: options.createTables ?? false,
      });
    }
    case 'redis':
    case 'upstash': {
      // The backend's own factory picks the client by scheme (ioredis, Sentinel, Cluster, Upstash REST).
      const { RedisStorageBackend } = await load(kind, () => import('@flags/storage-redis'));
      return RedisStorageBackend.create({ url: options.url, prefix: options.redisPrefix, token: options.upstashToken });
    }
    case 'memory': {
      const { MemoryStorageBackend } = await load(kind, () => import('@flags/storage-memory'));
      return new MemoryStorageBackend();
    }
  }
}
