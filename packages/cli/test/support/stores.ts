import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StorageBackend } from '@flags/core';
import { Redis } from 'ioredis';
import { createPool } from 'mysql2/promise';
import postgres from 'postgres';
import { connect } from '../../src/storage/connect.js';

export const PG_URL = process.env.FLAGS_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const MYSQL_URL = process.env.FLAGS_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';
export const REDIS_URL = process.env.FLAGS_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export const STORE_KINDS = ['memory', 'sqlite', 'postgres', 'mariadb', 'redis'] as const;
export type StoreKindName = (typeof STORE_KINDS)[number];

const RUN = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
let counter = 0;
const unique = (label: string) => `cli_${label}_${RUN}_${++counter}`;

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** A fresh, empty store of one kind, and how to remove it (a scratch database, file, or key prefix). */
export interface ScratchStore {
  kind: StoreKindName;
  /** The URL the CLI takes for it (with `--redis-prefix` for Redis). */
  url: string;
  redisPrefix?: string;
  open(): Promise<StorageBackend>;
  drop(): Promise<void>;
}

/** Creates a scratch store of `kind` on the test servers (its tables created). */
export async function scratchStore(kind: StoreKindName): Promise<ScratchStore> {
  switch (kind) {
    case 'memory': {
      const store = await connect({ url: 'memory:' });
      return { kind, url: 'memory:', open: async () => store, drop: () => store.close() };
    }
    case 'sqlite': {
      const dir = mkdtempSync(join(tmpdir(), 'flags-cli-'));
      const url = `sqlite:${join(dir, 'flags.db')}`;
      await (await connect({ url, createTables: true })).close();
      return {
        kind,
        url,
        open: () => connect({ url }),
        drop: async () => rmSync(dir, { recursive: true, force: true }),
      };
    }
    case 'postgres': {
      const name = unique('pg');
      const admin = postgres(PG_URL, { max: 1, onnotice: () => {} });
      await admin.unsafe(`create database ${name}`);
      await admin.end();
      const url = withDatabase(PG_URL, name);
      await (await connect({ url, createTables: true })).close();
      return {
        kind,
        url,
        open: () => connect({ url }),
        drop: async () => {
          const again = postgres(PG_URL, { max: 1, onnotice: () => {} });
          await again.unsafe(`drop database if exists ${name} with (force)`);
          await again.end();
        },
      };
    }
    case 'mariadb': {
      const name = unique('my');
      const pool = createPool({ uri: MYSQL_URL, connectionLimit: 1 });
      await pool.query(`create database ${name}`);
      await pool.end();
      const url = withDatabase(MYSQL_URL, name);
      await (await connect({ url, createTables: true })).close();
      return {
        kind,
        url,
        open: () => connect({ url }),
        drop: async () => {
          const again = createPool({ uri: MYSQL_URL, connectionLimit: 1 });
          await again.query(`drop database if exists ${name}`);
          await again.end();
        },
      };
    }
    case 'redis': {
      const redisPrefix = `${unique('redis')}:`;
      return {
        kind,
        url: REDIS_URL,
        redisPrefix,
        open: () => connect({ url: REDIS_URL, redisPrefix }),
        drop: () => deleteRedisPrefix(redisPrefix),
      };
    }
  }
}

/** Deletes every key under `prefix` on the test Redis (SCAN, never FLUSHDB: the server is shared). */
export async function deleteRedisPrefix(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
