/**
 * The three databases of the drizzle suite: for each, a scratch database (dropped afterwards), the
 * backend on it, and the same driver used raw — running the very SQL text the backend prepares, so
 * the ratio is drizzle's and the backend's own cost. Servers: `$FLAGS_TEST_PG_URL`
 * (postgres://postgres@127.0.0.1:5432/test) and `$FLAGS_TEST_MYSQL_URL` (mysql://root@127.0.0.1:3306/test).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DrizzleStorageBackend } from '@flags/storage-drizzle';
import * as mysql from '@flags/storage-drizzle/mysql';
import * as pg from '@flags/storage-drizzle/pg';
import * as sqlite from '@flags/storage-drizzle/sqlite';
import { fillPlaceholders, getTableName } from 'drizzle-orm';
import { drizzle as drizzleSqlite } from 'drizzle-orm/better-sqlite3';
import { drizzle as drizzleMysql } from 'drizzle-orm/mysql2';
import { drizzle as drizzlePg } from 'drizzle-orm/postgres-js';
import { createPool } from 'mysql2/promise';
import postgres from 'postgres';
import type { Dialect } from '../../packages/storage-drizzle/src/dialect/dialect.js';
import { mysqlDialect, UNCAPPED_AGGREGATES_PREFIX } from '../../packages/storage-drizzle/src/mysql/dialect.js';
import { postgresDialect } from '../../packages/storage-drizzle/src/pg/dialect.js';
import { Statements } from '../../packages/storage-drizzle/src/reads/statements.js';
import type { FlagsTableSet } from '../../packages/storage-drizzle/src/schema/types.js';
import { sqliteDialect } from '../../packages/storage-drizzle/src/sqlite/dialect.js';

/** A statement of the backend as the raw driver runs it. */
export type RawQuery = (params: Record<string, unknown>) => Promise<unknown[]>;

/** One database under test. */
export interface Target {
  name: 'SQLite' | 'PostgreSQL' | 'MariaDB';
  backend: DrizzleStorageBackend;
  /** The backend's statement `name` (a `Statements` method), run by the raw driver with the same SQL. */
  raw(name: keyof Statements): RawQuery;
  /** The database's plan for a statement. */
  explain(name: keyof Statements, params: Record<string, unknown>): Promise<string[]>;
  /** Inserts rows fast (bulk seeding). */
  insertMany(table: keyof FlagsTableSet, rows: Record<string, unknown>[]): Promise<void>;
  dispose(): Promise<void>;
}

/** A database name no other run uses. */
const scratchName = () => `flags_bench_${Date.now().toString(36)}_${process.pid}`;

function failUnreachable(service: string, url: string, envVar: string, error: unknown): never {
  throw new Error(
    `[@flags/bench] drizzle: ${service} is not reachable at ${url} (${(error as Error).message}); set ${envVar}`,
  );
}

/** The SQL text of a statement as the backend sends it, and a filler of its placeholders. */
function compile(db: unknown, tables: FlagsTableSet, dialect: Dialect, name: keyof Statements) {
  const statements = new Statements(tables, dialect.sql) as unknown as Record<
    string,
    (h: unknown) => { toSQL(): { sql: string; params: unknown[] } }
  >;
  const { sql, params } = statements[name]!(db).toSQL();
  const text = dialect.name === 'mysql' ? UNCAPPED_AGGREGATES_PREFIX + sql : sql;
  return { sql: text, fill: (values: Record<string, unknown>) => fillPlaceholders(params, values) };
}

export async function sqliteTarget(): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), 'flags-bench-'));
  const file = join(dir, 'flags.db');
  const backend = await sqlite.createStorage({ url: `sqlite:${file}`, createTables: true });
  // drizzle opens the raw better-sqlite3 connection itself (the bench has no better-sqlite3 types).
  const db = drizzleSqlite(file);
  const client = db.$client;
  const tables = sqlite.flagsTables();
  const dialect = sqliteDialect(db);
  return {
    name: 'SQLite',
    backend,
    raw(name) {
      const { sql, fill } = compile(db, tables, dialect, name);
      const statement = client.prepare(sql).raw();
      return async (values) => statement.all(...(fill(values) as unknown[]));
    },
    async explain(name, values) {
      const { sql, fill } = compile(db, tables, dialect, name);
      const plan = client.prepare(`explain query plan ${sql}`).all(...(fill(values) as unknown[]));
      return (plan as Array<{ detail: string }>).map((row) => row.detail);
    },
    async insertMany(table, rows) {
      db.transaction((tx) => {
        for (let i = 0; i < rows.length; i += 500)
          tx.insert(tables[table])
            .values(rows.slice(i, i + 500))
            .run();
      });
    },
    async dispose() {
      await backend.close();
      client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function pgTarget(): Promise<Target> {
  const adminUrl = process.env.FLAGS_TEST_PG_URL || 'postgres://postgres@127.0.0.1:5432/test';
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const database = scratchName();
  await admin
    .unsafe(`create database ${database}`)
    .catch((e) => failUnreachable('PostgreSQL', adminUrl, 'FLAGS_TEST_PG_URL', e));
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  const backend = await pg.createStorage({ url: url.toString(), createTables: true });
  const client = postgres(url.toString(), { max: 10, onnotice: () => {} });
  // Open all ten connections, as seeding does on the backend's pool (postgres.js then rotates
  // through them): both sides run on equally warm pools.
  await Promise.all(Array.from({ length: 20 }, () => client`select 1`));
  const db = drizzlePg({ client });
  const tables = pg.flagsTables();
  return {
    name: 'PostgreSQL',
    backend,
    raw(name) {
      const { sql, fill } = compile(db, tables, postgresDialect, name);
      return async (values) => client.unsafe(sql, fill(values) as never[], { prepare: true }).values();
    },
    async explain(name, values) {
      const { sql, fill } = compile(db, tables, postgresDialect, name);
      const plan = await client.unsafe(`explain ${sql}`, fill(values) as never[]);
      return plan.map((row) => String(row['QUERY PLAN']));
    },
    async insertMany(table, rows) {
      for (let i = 0; i < rows.length; i += 1000)
        await db.insert(tables[table]).values(rows.slice(i, i + 1000) as never);
      await client.unsafe('analyze');
    },
    async dispose() {
      await backend.close();
      await client.end({ timeout: 5 });
      await admin.unsafe(`drop database if exists ${database} with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}

export async function mysqlTarget(): Promise<Target> {
  const adminUrl = process.env.FLAGS_TEST_MYSQL_URL || 'mysql://root@127.0.0.1:3306/test';
  const admin = createPool({ uri: adminUrl, connectionLimit: 1 });
  const database = scratchName();
  await admin
    .query(`create database ${database}`)
    .catch((e) => failUnreachable('MariaDB', adminUrl, 'FLAGS_TEST_MYSQL_URL', e));
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  const backend = await mysql.createStorage({ url: url.toString(), createTables: true });
  const pool = createPool({ uri: url.toString(), connectionLimit: 10, charset: 'utf8mb4' });
  await Promise.all(Array.from({ length: 20 }, () => pool.query('select 1')));
  const db = drizzleMysql({ client: pool });
  const tables = mysql.flagsTables();
  return {
    name: 'MariaDB',
    backend,
    raw(name) {
      const { sql, fill } = compile(db, tables, mysqlDialect, name);
      return async (values) => (await pool.query({ sql, rowsAsArray: true }, fill(values)))[0] as unknown[];
    },
    async explain(name, values) {
      const { sql, fill } = compile(db, tables, mysqlDialect, name);
      const [plan] = await pool.query(`explain ${sql.replace(UNCAPPED_AGGREGATES_PREFIX, '')}`, fill(values));
      return (plan as Array<Record<string, unknown>>).map((row) =>
        `${row.table}: type=${row.type} key=${row.key} rows=${row.rows} ${row.Extra ?? ''}`.trim(),
      );
    },
    async insertMany(table, rows) {
      for (let i = 0; i < rows.length; i += 1000)
        await db.insert(tables[table]).values(rows.slice(i, i + 1000) as never);
      await pool.query(`analyze table ${getTableName(tables[table])}`);
    },
    async dispose() {
      await backend.close();
      await pool.end();
      await admin.query(`drop database if exists ${database}`);
      await admin.end();
    },
  };
}
