import type { Column, SQL, Table } from 'drizzle-orm';
import type { AnyDatabase } from '../schema/types.js';

/** Which SQL family a database speaks. */
export type DialectName = 'postgres' | 'mysql' | 'sqlite';

/** What a failed statement means to the backend. */
export type FailureKind = 'unique' | 'foreign-key' | 'retry' | 'other';

/**
 * The SQL fragments that differ between dialects. Every read selects one JSON array per row (a
 * "document") so that values come back alike from every driver: booleans as `true`/`1`, dates as
 * epoch milliseconds, JSON columns as embedded JSON.
 */
export interface SqlFlavor {
  /** A JSON array of these expressions. */
  array(items: SQL[]): SQL;
  /** Any other column as an array item. */
  plain(column: Column): SQL;
  /** A JSON column embedded as JSON (not as a string). */
  json(column: Column): SQL;
  /** A timestamp column as epoch milliseconds (NULL stays NULL). */
  millis(column: Column): SQL;
  /** A JSON array of `element` over the rows of `table` matching `where` (`[]` when none), embeddable. */
  aggregate(element: SQL, table: Table, where: SQL): SQL;
  /**
   * Where reading every flag is faster with each child table grouped once and joined (PostgreSQL; see
   * `everyFlagDocument`): the JSON array of `element` over the rows of one group of a GROUP BY. Absent
   * elsewhere — MariaDB joins such derived tables without an index (a 10,000-flag read ran past 15 s)
   * and SQLite's per-flag subqueries are as fast — and every read uses the subqueries of `aggregate`.
   */
  groupArray?(element: SQL): SQL;
  /** A {@link groupArray} read through a left join, embeddable: `[]` when the join found no group. */
  joinedArray?(value: SQL): SQL;
  /** `column` is one of the strings of a JSON array given as the placeholder `name`. */
  inJsonList(column: Column, name: string): SQL;
  /** `(a, b)` is one of the `[a, b]` pairs of a JSON array given as the placeholder `name`. */
  pairInJsonList(a: Column, b: Column, name: string): SQL;
  /** A text column for ORDER BY in byte order (code points), as the other backends sort. */
  byteOrder(column: Column): SQL;
  /** A document as JSON text, which every driver hands over unparsed (flag reads compare it with the last one). */
  text(document: SQL): SQL;
}

/** A prepared drizzle query of any dialect. */
export type PreparedQuery = { execute(params?: Record<string, unknown>): unknown } & Record<string, unknown>;

/** The driver glue of one dialect: everything the shared backend cannot say in drizzle's common API. */
export interface Dialect {
  readonly name: DialectName;
  readonly sql: SqlFlavor;
  /** Prepares a select builder (made on the database or on a transaction) for repeated runs. */
  prepare(handle: AnyDatabase, select: AnyDatabase, name: string): PreparedQuery;
  /**
   * Runs a prepared select of one `doc` field and returns the docs. Synchronous drivers may return
   * the array itself (no promise to wait for on the hot path).
   */
  docs(query: PreparedQuery, params: Record<string, unknown>): unknown[] | Promise<unknown[]>;
  /** Runs a select of one `doc` field once, inside a transaction (read-backs of writes). */
  readDocs(tx: AnyDatabase, select: AnyDatabase): Promise<unknown[]>;
  /** The number of rows an UPDATE/DELETE result matched. */
  affected(result: unknown): number;
  /** Adds "on conflict (target) do update set …" (or MySQL's "on duplicate key update") to an insert. */
  upsert(insert: AnyDatabase, target: Column[], set: Record<string, unknown>): AnyDatabase;
  /** Runs `work` in one transaction; `work` gets the handle to build its statements on. */
  transaction<T>(db: AnyDatabase, work: (tx: AnyDatabase) => Promise<T>): Promise<T>;
  /** Classifies a driver error (unwrapped from drizzle's query error). */
  classify(error: unknown): FailureKind;
  /** Runs a raw statement (DDL, health check). */
  exec(handle: AnyDatabase, statement: SQL): Promise<void>;
  /** Runs a raw select and returns its rows as objects. */
  query(handle: AnyDatabase, statement: SQL): Promise<Array<Record<string, unknown>>>;
  /** How the shipped migration SQL must change for this server (e.g. a collation only MariaDB names so). */
  adaptMigration(handle: AnyDatabase): Promise<(statement: string) => string>;
  /** Serialises migrators of one migrations table across processes, inside the migration transaction. */
  lockMigrations(tx: AnyDatabase, migrationsTable: string): Promise<void>;
  /** Releases what {@link Dialect.lockMigrations} took, when the transaction end does not. */
  unlockMigrations(tx: AnyDatabase, migrationsTable: string): Promise<void>;
}
