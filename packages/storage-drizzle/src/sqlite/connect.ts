import { drizzle } from 'drizzle-orm/better-sqlite3';
import type { DrizzleStorageBackend } from '../backend/drizzle-storage-backend.js';
import { type OpenedDatabase, openStorage, type StorageSetupOptions } from '../connection/open.js';
import { locationFor } from '../connection/url.js';
import { ErrorMapper } from '../errors/errors.js';
import type { AnyDatabase } from '../schema/types.js';
import { sqliteDialect } from './dialect.js';
import { migrations } from './migrations.js';
import { acquireConnection, type LeasedConnection } from './shared-connections.js';
import { flagsTables } from './tables.js';

/** Options of {@link createStorage} for SQLite: a file to open, or a `db` the app made. */
export interface SqliteStorageOptions extends StorageSetupOptions {
  /** `sqlite:<path>`, `file:<path>`, a bare path, or `:memory:` (private to this backend). */
  url?: string;
  /** A drizzle better-sqlite3 database the app owns (`close()` leaves it open). */
  db?: AnyDatabase;
  /**
   * How long a write waits, without blocking the event loop, for another process's (or another
   * connection's) lock on the file. Backends on one file in one process share a connection and never
   * wait on each other. @default 5000
   */
  busyTimeoutMs?: number;
}

function open(options: SqliteStorageOptions): OpenedDatabase {
  if (options.db) {
    return {
      db: options.db,
      dialect: sqliteDialect(options.db),
      migrations,
      tables: flagsTables,
      label: 'sqlite',
    };
  }
  if (!options.url) throw new Error('[@flags/storage-drizzle] createStorage needs `url` or `db`');
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
  return openStorage(open(options), options);
}
