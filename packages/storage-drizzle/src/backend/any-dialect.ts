import { connectByUrl, lazyConnector } from '../connection/connectors.js';
import { DrizzleStorageBackend as Backend } from './drizzle-storage-backend.js';
import type { DrizzleConnectOptions } from './options.js';

// Each dialect is loaded on first use, so only the driver of the URL given must be installed. A
// bundler follows these imports and needs every driver resolvable: bundled apps import the
// dialect's own entry (`@flags/storage-drizzle/pg`), whose `create` reaches that driver only.
const ALL_DIALECTS = {
  postgres: lazyConnector('postgres', () => import('../pg/connect.js')),
  mysql: lazyConnector('mysql', () => import('../mysql/connect.js')),
  sqlite: lazyConnector('sqlite', () => import('../sqlite/connect.js')),
};

/**
 * The @flags `StorageBackend` on drizzle-orm, for PostgreSQL, MySQL/MariaDB and SQLite: every read is
 * one prepared SQL statement, every write one transaction that also moves the revision.
 * Construct it over a drizzle database you have, or let {@link DrizzleStorageBackend.create} connect.
 */
export class DrizzleStorageBackend extends Backend {
  /**
   * Connects to the database the URL names (PostgreSQL, MySQL/MariaDB or SQLite), importing only that
   * dialect's driver (`postgres`, `mysql2` or `better-sqlite3`, which must be installed). Connects
   * lazily: an unreachable server shows as `StorageError`s and `healthCheck()` false, not here —
   * unless `createTables` is set. `close()` ends the connection.
   * @throws StorageError when the driver is not installed, `createTables` cannot run, or the SQLite
   *   file cannot be opened.
   */
  static create(options: DrizzleConnectOptions): Promise<Backend> {
    return connectByUrl(options, ALL_DIALECTS);
  }
}
