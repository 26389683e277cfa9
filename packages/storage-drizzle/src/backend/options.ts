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
   */
  operationTimeoutMs?: number;
  /** How many decoded flags to keep so unchanged flags are copied, not re-parsed; `0` for none. @default 5000 */
  flagCacheSize?: number;
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
