/**
 * The six backends of the live suite, each as a factory of instances over one store: instance A
 * writes, instance B (its own connection) feeds a live client, as two processes of an app would.
 * Servers: `$FLAGS_TEST_PG_URL`, `$FLAGS_TEST_MYSQL_URL`, `$FLAGS_TEST_REDIS_URL` (scratch databases
 * and key prefixes, removed afterwards); Upstash is the repo's Upstash-compatible HTTP server in front
 * of the same Redis.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StorageBackend } from '@flags/core';
import * as mysql from '@flags/storage-drizzle/mysql';
import * as pg from '@flags/storage-drizzle/pg';
import * as sqlite from '@flags/storage-drizzle/sqlite';
import { MemoryStorageBackend, MemoryStore } from '@flags/storage-memory';
import { RedisStorageBackend } from '@flags/storage-redis';
import { createIoRedisStorageBackend } from '@flags/storage-redis/ioredis';
import {
  createScratchDatabase,
  dropScratchDatabase,
  MYSQL,
  PG,
} from '../../../packages/storage-drizzle/test/support/servers.js';
import { connectTestRedis, deleteKeysUnder } from '../../../packages/storage-redis/test/support/redis-env.js';
import { startUpstashServer } from '../../../packages/storage-redis/test/support/upstash-server.js';

/** One store and how to open instances over it. */
export interface LiveTarget {
  name: 'memory' | 'SQLite' | 'PostgreSQL' | 'MariaDB' | 'Redis (ioredis)' | 'Redis (Upstash)';
  /** Whether the backend pushes changes (else the live client polls). */
  pushes: boolean;
  /** A new instance over the store (new connection). */
  open(): Promise<StorageBackend>;
  /** Removes the store (database, file, keys). */
  dispose(): Promise<void>;
}

const redisUrl = () => process.env.FLAGS_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export async function memoryTarget(): Promise<LiveTarget> {
  const store = new MemoryStore();
  return {
    name: 'memory',
    pushes: true,
    open: async () => new MemoryStorageBackend({ store }),
    dispose: async () => {},
  };
}

export async function sqliteTarget(): Promise<LiveTarget> {
  const dir = mkdtempSync(join(tmpdir(), 'flags-live-bench-'));
  const url = `sqlite:${join(dir, 'flags.db')}`;
  await (await sqlite.createStorage({ url, createTables: true })).close();
  return {
    name: 'SQLite',
    pushes: false,
    open: () => sqlite.createStorage({ url }),
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

export async function postgresTarget(): Promise<LiveTarget> {
  const url = await createScratchDatabase(PG, 'live_bench');
  await (await pg.createStorage({ url, createTables: true })).close();
  return {
    name: 'PostgreSQL',
    pushes: true,
    open: () => pg.createStorage({ url }),
    dispose: () => dropScratchDatabase(PG, url),
  };
}

export async function mariadbTarget(): Promise<LiveTarget> {
  const url = await createScratchDatabase(MYSQL, 'live_bench');
  await (await mysql.createStorage({ url, createTables: true })).close();
  return {
    name: 'MariaDB',
    pushes: false,
    open: () => mysql.createStorage({ url }),
    dispose: () => dropScratchDatabase(MYSQL, url),
  };
}

export async function ioredisTarget(): Promise<LiveTarget> {
  const prefix = `{live-bench}:${Date.now().toString(36)}:`;
  return {
    name: 'Redis (ioredis)',
    pushes: true,
    open: async () => createIoRedisStorageBackend({ url: redisUrl(), prefix }),
    dispose: async () => {
      const redis = await connectTestRedis();
      await deleteKeysUnder(redis, prefix);
      redis.disconnect();
    },
  };
}

export async function upstashTarget(): Promise<LiveTarget> {
  const prefix = `{live-bench-up}:${Date.now().toString(36)}:`;
  const server = await startUpstashServer(redisUrl());
  return {
    name: 'Redis (Upstash)',
    pushes: false,
    open: () => RedisStorageBackend.create({ url: server.url, token: server.token, prefix }),
    dispose: async () => {
      await server.close();
      const redis = await connectTestRedis();
      await deleteKeysUnder(redis, prefix);
      redis.disconnect();
    },
  };
}

/** Every target, in report order. */
export const TARGETS = [memoryTarget, sqliteTarget, postgresTarget, mariadbTarget, ioredisTarget, upstashTarget];
