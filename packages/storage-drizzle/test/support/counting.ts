import type { DrizzleStorageBackend } from '@flags/storage-drizzle';
import { createStorage as mysqlStorage } from '@flags/storage-drizzle/mysql';
import { createStorage as pgStorage } from '@flags/storage-drizzle/pg';
import { createStorage as sqliteStorage } from '@flags/storage-drizzle/sqlite';
import Database from 'better-sqlite3';
import { drizzle as drizzleSqlite } from 'drizzle-orm/better-sqlite3';
import { drizzle as drizzleMysql } from 'drizzle-orm/mysql2';
import { drizzle as drizzlePg } from 'drizzle-orm/postgres-js';
import { createPool } from 'mysql2/promise';
import postgres from 'postgres';

/** Counts statements; `take` returns the count so far and starts again from zero. */
function counter() {
  let count = 0;
  return {
    bump: () => {
      count++;
    },
    take: () => {
      const taken = count;
      count = 0;
      return taken;
    },
  };
}

/** A backend whose driver counts every statement it sends (the driver's own hook, below drizzle). */
export interface CountedBackend {
  backend: DrizzleStorageBackend;
  /** Statements sent since the last call. */
  take(): number;
  end(): Promise<void>;
}

export async function countedPg(url: string): Promise<CountedBackend> {
  const { bump, take } = counter();
  const client = postgres(url, { max: 2, onnotice: () => {}, debug: bump });
  const backend = await pgStorage({ db: drizzlePg({ client }), createTables: true });
  return { backend, take, end: () => client.end({ timeout: 5 }) };
}

export async function countedMysql(url: string): Promise<CountedBackend> {
  const { bump, take } = counter();
  const pool = createPool({ uri: url, connectionLimit: 2 });
  // mysql2 has no query hook: count calls of `query` (what drizzle calls for every statement) on the
  // pool (reads) and on the connections transactions take from it (writes).
  const counting = <T extends { query: (...args: never[]) => unknown }>(target: T): T => {
    const query = target.query.bind(target);
    target.query = ((...args: never[]) => {
      bump();
      return query(...args);
    }) as T['query'];
    return target;
  };
  counting(pool);
  const wrapped = new WeakSet<object>();
  const getConnection = pool.getConnection.bind(pool);
  pool.getConnection = (async () => {
    const connection = await getConnection();
    if (!wrapped.has(connection)) wrapped.add(counting(connection));
    return connection;
  }) as typeof pool.getConnection;
  const backend = await mysqlStorage({ db: drizzleMysql({ client: pool }), createTables: true });
  return { backend, take, end: () => pool.end() };
}

export async function countedSqlite(): Promise<CountedBackend> {
  const { bump, take } = counter();
  const client = new Database(':memory:', { verbose: bump });
  const backend = await sqliteStorage({ db: drizzleSqlite({ client }), createTables: true });
  return {
    backend,
    take,
    end: async () => {
      client.close();
    },
  };
}
