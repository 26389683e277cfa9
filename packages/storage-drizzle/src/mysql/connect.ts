import { drizzle } from 'drizzle-orm/mysql2';
import type { DrizzleStorageBackend } from '../backend/drizzle-storage-backend.js';
import { type OpenedDatabase, openStorage, type StorageSetupOptions } from '../connection/open.js';
import { locationFor } from '../connection/url.js';
import { maskUrl, urlSecrets } from '../errors/errors.js';
import type { AnyDatabase } from '../schema/types.js';
import { mysqlDialect } from './dialect.js';
import { migrations } from './migrations.js';
import { createStrictPool } from './pool.js';
import { flagsTables } from './tables.js';

/** Options of {@link createStorage} for MySQL / MariaDB: a `url` to connect to, or a `db` the app made. */
export interface MySqlStorageOptions extends StorageSetupOptions {
  /** `mysql://user:password@host:3306/db` (or `mariadb://`). */
  url?: string;
  /** A drizzle mysql2 database the app owns (`close()` leaves it open). */
  db?: AnyDatabase;
  /** Give up connecting after this long. @default 5000 */
  connectTimeoutMs?: number;
  /** Pool size. @default 10 */
  maxConnections?: number;
}

function open(options: MySqlStorageOptions): OpenedDatabase {
  const base = { dialect: mysqlDialect, migrations, tables: flagsTables };
  if (options.db) return { ...base, db: options.db, label: 'mysql' };
  if (!options.url) throw new Error('[@flags/storage-drizzle] createStorage needs `url` or `db`');
  const pool = createStrictPool(locationFor(options.url, 'mysql'), {
    connectTimeoutMs: options.connectTimeoutMs ?? 5_000,
    maxConnections: options.maxConnections ?? 10,
  });
  return {
    ...base,
    db: drizzle({ client: pool }),
    label: maskUrl(options.url),
    secrets: urlSecrets(options.url),
    onClose: () => pool.end(),
  };
}

/**
 * A MySQL / MariaDB backend (mysql2 pool): connects lazily to `url`, or wraps the app's drizzle `db`.
 * @throws StorageError when `createTables` is set and the migrations cannot be applied.
 */
export async function createStorage(options: MySqlStorageOptions): Promise<DrizzleStorageBackend> {
  return openStorage(open(options), options);
}
