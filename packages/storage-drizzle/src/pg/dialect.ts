import { type Column, type SQL, sql, type Table } from 'drizzle-orm';
import type { Dialect, FailureKind, PreparedQuery, SqlFlavor } from '../dialect/dialect.js';
import { driverCode } from '../errors/errors.js';
import type { AnyDatabase } from '../schema/types.js';

const flavor: SqlFlavor = {
  array: (items: SQL[]) => sql`json_build_array(${sql.join(items, sql`, `)})`,
  plain: (column: Column) => sql`${column}`,
  json: (column: Column) => sql`${column}`,
  millis: (column: Column) => sql`(extract(epoch from ${column}) * 1000)::bigint`,
  aggregate: (element: SQL, table: Table, where: SQL) =>
    sql`(select coalesce(json_agg(${element}), '[]'::json) from ${table} where ${where})`,
  groupArray: (element: SQL) => sql`json_agg(${element})`,
  joinedArray: (value: SQL) => sql`coalesce(${value}, '[]'::json)`,
  inJsonList: (column: Column, name: string) =>
    sql`${column} in (select jsonb_array_elements_text(${sql.placeholder(name)}::jsonb))`,
  pairInJsonList: (a: Column, b: Column, name: string) =>
    sql`(${a}, ${b}) in (select e->>0, e->>1 from jsonb_array_elements(${sql.placeholder(name)}::jsonb) e)`,
  byteOrder: (column: Column) => sql`${column} collate "C"`,
  text: (document: SQL) => sql`(${document})::text`,
};

// SQLSTATE classes: 23505 unique_violation, 23503 foreign_key_violation, 40001 serialization
// failure, 40P01 deadlock (both safe to retry: the transaction was rolled back).
const KINDS: Record<string, FailureKind> = {
  '23505': 'unique',
  '23503': 'foreign-key',
  '40001': 'retry',
  '40P01': 'retry',
};

/** The PostgreSQL glue (postgres.js; node-postgres works too through drizzle's common API). */
export const postgresDialect: Dialect = {
  name: 'postgres',
  sql: flavor,
  prepare: (_handle: AnyDatabase, select: AnyDatabase, name: string) => select.prepare(name),
  docs: async (query: PreparedQuery, params) =>
    ((await query.execute(params)) as Array<{ doc: unknown }>).map((row) => row.doc),
  readDocs: async (_tx: AnyDatabase, select: AnyDatabase) =>
    ((await select) as Array<{ doc: unknown }>).map((row) => row.doc),
  affected: (result: unknown) => {
    const r = result as { count?: number; rowCount?: number };
    return r.count ?? r.rowCount ?? 0;
  },
  upsert: (insert: AnyDatabase, target: Column[], set: Record<string, unknown>) =>
    insert.onConflictDoUpdate({ target, set }),
  transaction: (db: AnyDatabase, work) => db.transaction(work),
  classify: (error: unknown) => KINDS[String(driverCode(error))] ?? 'other',
  exec: async (handle: AnyDatabase, statement: SQL) => {
    await handle.execute(statement);
  },
  // postgres.js returns the rows themselves, node-postgres a result with `rows`.
  query: async (handle: AnyDatabase, statement: SQL) => {
    const result = await handle.execute(statement);
    return Array.isArray(result) ? result : result.rows;
  },
  adaptMigration: async () => (statement: string) => statement,
  lockMigrations: async (tx: AnyDatabase, migrationsTable: string) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${migrationsTable}))`);
  },
  // The advisory lock is transaction-scoped: the commit releases it.
  unlockMigrations: async () => {},
};
