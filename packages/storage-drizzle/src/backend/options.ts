import type { FeedRetention } from '@flags/core';

/** What every dialect entry's `createStorage` accepts besides where to connect. */
export interface StorageSetupOptions {
  /** Starts every table, index and constraint name. @default "ff_" */
  tablePrefix?: string;
  /** Apply the shipped migrations for `tablePrefix` before returning (idempotent). @default false */
  createTables?: boolean;
  /** The app's clock (timestamps, leases, override expiry). @default () => new Date() */
  clock?: () => Date;
  /**
   * An operation (connecting included) with no answer after this long rejects with StorageError;
   * `0` for none. @default 15000 for PostgreSQL and MySQL, none for SQLite (no network)
   * @example { timeoutMs: 2_000 }
   */
  timeoutMs?: number;
  /** @deprecated the former name of `timeoutMs`, still honoured. */
  operationTimeoutMs?: number;
  /** How many decoded flags to keep so unchanged flags are copied, not re-parsed; `0` for none. @default 5000 */
  flagCacheSize?: number;
  /**
   * How much of the change feed (`getChanges`) to keep: a count of changes, an age in ms, or both.
   * @default { maxChanges: 10000 }
   */
  feedRetention?: FeedRetention;
}

/** Options of `DrizzleStorageBackend.create`. */
export interface DrizzleConnectOptions extends StorageSetupOptions {
  /**
   * Where to connect: `postgres://` / `postgresql://`, `mysql://` / `mariadb://`, or SQLite as
   * `sqlite:<path>`, `file:<path>`, a bare file path or `:memory:`.
   */
  url: string;
  /** Give up connecting after this long (servers only). @default 5000 */
  connectTimeoutMs?: number;
  /** Pool size (servers only). @default 10 */
  maxConnections?: number;
}

/** Options of a dialect entry's `createStorage` when the app hands over its drizzle database. */
export interface DatabaseOptions<Db> {
  /** A drizzle database the app made. */
  db: Db;
  url?: undefined;
  /** Whether `close()` also ends the driver client under `db` (`close()` of the client). @default false (the app owns it) */
  closeClient?: boolean;
}

/** Options of a dialect entry's `createStorage` when the package connects. */
export interface ServerUrlOptions {
  /** Where to connect (the entry's dialect). */
  url: string;
  db?: undefined;
  /** Give up connecting after this long. @default 5000 */
  connectTimeoutMs?: number;
  /** Pool size. @default 10 */
  maxConnections?: number;
}
