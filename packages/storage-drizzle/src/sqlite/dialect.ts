import { type Column, type SQL, sql, type Table } from 'drizzle-orm';
import type { Dialect, FailureKind, PreparedQuery, SqlFlavor } from '../dialect/dialect.js';
import { driverCode } from '../errors/errors.js';
import type { AnyDatabase } from '../schema/types.js';
import { ExclusiveGate } from './gate.js';

const flavor: SqlFlavor = {
  array: (items: SQL[]) => sql`json_array(${sql.join(items, sql`, `)})`,
  plain: (column: Column) => sql`${column}`,
  json: (column: Column) => sql`json(${column})`,
  millis: (column: Column) => sql`${column}`,
  // json(...) around the subquery: a subquery's result loses its JSON subtype and would be embedded
  // as a string otherwise.
  aggregate: (element: SQL, table: Table, where: SQL) =>
    sql`json((select json_group_array(${element}) from ${table} where ${where}))`,
  inJsonList: (column: Column, name: string) =>
    sql`${column} in (select value from json_each(${sql.placeholder(name)}))`,
  pairInJsonList: (a: Column, b: Column, name: string) =>
    sql`(${a}, ${b}) in (select value ->> 0, value ->> 1 from json_each(${sql.placeholder(name)}))`,
  byteOrder: (column: Column) => sql`${column}`,
  // json_array already returns text.
  text: (document: SQL) => document,
};

const KINDS: Record<string, FailureKind> = {
  SQLITE_CONSTRAINT_UNIQUE: 'unique',
  SQLITE_CONSTRAINT_PRIMARYKEY: 'unique',
  SQLITE_CONSTRAINT_FOREIGNKEY: 'foreign-key',
  SQLITE_BUSY: 'retry',
};

const firstColumn = (row: unknown[]) => row[0];

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * `BEGIN IMMEDIATE` (takes the file's write lock), waiting for another connection's lock without
 * blocking the event loop: each attempt runs with the connection's busy timeout at 0 (restored right
 * after, so the app's own statements keep its setting) and a busy file is retried after a pause, for
 * as long as that busy timeout allows. A synchronous wait would freeze the process — including the
 * transaction holding the lock, when it belongs to this process.
 */
async function beginImmediate(handle: AnyDatabase): Promise<void> {
  const [setting] = Object.values((await handle.get(sql`pragma busy_timeout`)) ?? {});
  const budgetMs = Number(setting ?? 0);
  const deadline = Date.now() + budgetMs;
  for (let pause = 1; ; pause = Math.min(pause * 2, 20)) {
    await handle.run(sql`pragma busy_timeout = 0`);
    try {
      await handle.run(sql`begin immediate`);
      return;
    } catch (error) {
      if (driverCode(error) !== 'SQLITE_BUSY' || Date.now() >= deadline) throw error;
    } finally {
      await handle.run(sql.raw(`pragma busy_timeout = ${Math.max(0, Math.floor(budgetMs))}`));
    }
    await sleep(pause);
  }
}

// One gate per connection, shared by every backend built on it.
const gates = new WeakMap<object, ExclusiveGate>();

/**
 * The SQLite glue (better-sqlite3). better-sqlite3 is synchronous, so drizzle's transaction API
 * cannot span `await`s: transactions are explicit BEGIN IMMEDIATE … COMMIT on the connection, and
 * an exclusive gate keeps every other statement of this package off the connection meanwhile
 * (otherwise it would run inside, and see, the unfinished transaction).
 */
export function sqliteDialect(db: AnyDatabase): Dialect {
  const connection: object = db.$client ?? db;
  let gate = gates.get(connection);
  if (!gate) {
    gate = new ExclusiveGate();
    gates.set(connection, gate);
  }
  const exclusive = gate;
  // Cascades and SET NULL need foreign-key enforcement, which SQLite leaves off per connection.
  db.run(sql`pragma foreign_keys = on`);
  return {
    name: 'sqlite',
    sql: flavor,
    prepare: (_handle: AnyDatabase, select: AnyDatabase) => select.prepare(),
    // `values` skips drizzle's row-to-object mapping: the doc is the only column.
    docs: (query: PreparedQuery, params) => {
      const values = query.values as (p: Record<string, unknown>) => unknown[][] | Promise<unknown[][]>;
      const read = () => {
        const rows = values.call(query, params);
        return Array.isArray(rows) ? rows.map(firstColumn) : rows.then((r) => r.map(firstColumn));
      };
      return exclusive.busy ? exclusive.run(async () => read()) : read();
    },
    // Inside the transaction, which holds the gate: straight to the connection.
    readDocs: async (_tx: AnyDatabase, select: AnyDatabase) =>
      ((await select) as Array<{ doc: unknown }>).map((row) => row.doc),
    affected: (result: unknown) => {
      const r = result as { changes?: number; rowsAffected?: number };
      return r.changes ?? r.rowsAffected ?? 0;
    },
    upsert: (insert: AnyDatabase, target: Column[], set: Record<string, unknown>) =>
      insert.onConflictDoUpdate({ target, set }),
    transaction: (handle: AnyDatabase, work) =>
      exclusive.run(async () => {
        await beginImmediate(handle);
        try {
          const result = await work(handle);
          await handle.run(sql`commit`);
          return result;
        } catch (error) {
          try {
            await handle.run(sql`rollback`);
          } catch {
            // SQLite may already have rolled back (e.g. SQLITE_FULL); the original error matters.
          }
          throw error;
        }
      }),
    classify: (error: unknown) => KINDS[String(driverCode(error))] ?? 'other',
    exec: async (handle: AnyDatabase, statement: SQL) => {
      await handle.run(statement);
    },
    query: async (handle: AnyDatabase, statement: SQL) => handle.all(statement),
    adaptMigration: async () => (statement: string) => statement,
    // BEGIN IMMEDIATE already holds the database's write lock.
    lockMigrations: async () => {},
    unlockMigrations: async () => {},
  };
}
