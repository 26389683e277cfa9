import { drizzle } from 'drizzle-orm/better-sqlite3';
import { checkOptions } from '../backend/check-options.js';
import type { SqliteDatabase } from '../backend/databases.js';
import type { DrizzleStorageBackend } from '../backend/drizzle-storage-backend.js';
import type { DatabaseOptions } from '../backend/options.js';
import { type OpenedDatabase, openStorage, type StorageSetupOptions } from '../connection/open.js';
import { locationFor } from '../connection/url.js';
import { ErrorMapper } from '../errors/errors.js';
import { sqliteDialect } from './dialect.js';
import { migrations } from './migrations.js';
import { acquireConnection, type LeasedConnection } from './shared-connections.js';
import { flagsTables } from './tables.js';

/** Options of {@link createStorage} for SQLite when the package opens the file. */
export interface SqliteFileOptions {
  /** `sqlite:<path>`, `file:<path>`, a path without a scheme, or `:memory:` (private to this backend). */
  url: string;
  db?: undefined;
  /**
   * How long a write waits, without blocking the event loop, for another process's (or another
   * connection's) lock on the file. Backends on one file in one process share a connection and never
   * wait on each other. @default 5000
   */
  busyTimeoutMs?: number;
}

/** Options of {@link createStorage} for SQLite: a file to open (`url`), or the app's drizzle `db`. */
export type SqliteStorageOptions = StorageSetupOptions & (SqliteFileOptions | DatabaseOptions<SqliteDatabase>);

function open(options: SqliteStorageOptions): OpenedDatabase {
  if (options.db) {
    return {
      db: options.db,
      dialect: sqliteDialect(options.db),
      migrations,
      tables: flagsTables,
      label: 'sqlite',
      closeClient: options.closeClient,
    };
  }
  const path = locationFor(options.url, 'sqlite');
  const label = `sqlite:${path}`;
  let connection: LeasedConnection;
  try {
    connection = acquireConnection(path, options.busyTimeoutMs ?? 5_000);
  } catch (error) {
    throw new ErrorMapper(label).storage('open', error);
  }
  const db = drizzle({ client: connection.client });
  return {
    db,
    dialect: sqliteDialect(db),
    migrations,
    tables: flagsTables,
    label,
    onClose: connection.release,
  };
}

/**
 * A SQLite backend (better-sqlite3): opens the file (created when missing), or wraps the app's
 * drizzle `db`. SQLite needs no server, so this is the zero-setup default.
 * @throws StorageError when the file cannot be opened, or `createTables` is set and the migrations fail.
 */
export async function createStorage(options: SqliteStorageOptions): Promise<DrizzleStorageBackend> {
  checkOptions(options, 'url-or-db');
  return openStorage(open(options), options);
}
