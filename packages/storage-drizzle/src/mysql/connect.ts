import { drizzle } from 'drizzle-orm/mysql2';
import { checkOptions } from '../backend/check-options.js';
import type { MySqlDrizzleDatabase } from '../backend/databases.js';
import type { DrizzleStorageBackend } from '../backend/drizzle-storage-backend.js';
import type { DatabaseOptions, ServerUrlOptions } from '../backend/options.js';
import { type OpenedDatabase, openStorage, type StorageSetupOptions } from '../connection/open.js';
import { locationFor } from '../connection/url.js';
import { maskUrl } from '../errors/errors.js';
import { mysqlDialect } from './dialect.js';
import { migrations } from './migrations.js';
import { createStrictPool } from './pool.js';
import { flagsTables } from './tables.js';

/** Options of {@link createStorage}: a `url` to connect to, or the app's drizzle `db` (not both). */
export type MySqlStorageOptions = StorageSetupOptions & (ServerUrlOptions | DatabaseOptions<MySqlDrizzleDatabase>);

function open(options: MySqlStorageOptions): OpenedDatabase {
  const base = { dialect: mysqlDialect, migrations, tables: flagsTables };
  if (options.db) return { ...base, db: options.db, label: 'mysql', closeClient: options.closeClient };
  const pool = createStrictPool(locationFor(options.url, 'mysql'), {
    connectTimeoutMs: options.connectTimeoutMs ?? 5_000,
    maxConnections: options.maxConnections ?? 10,
  });
  return {
    ...base,
    db: drizzle({ client: pool }),
    label: maskUrl(options.url),
    onClose: () => pool.end(),
  };
}

/**
 * A MySQL / MariaDB backend (mysql2 pool): connects lazily to `url`, or wraps the app's drizzle `db`.
 * @throws StorageError when `createTables` is set and the migrations cannot be applied.
 */
export async function createStorage(options: MySqlStorageOptions): Promise<DrizzleStorageBackend> {
  checkOptions(options, 'url-or-db');
  return openStorage(open(options), options);
}
