import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { checkOptions } from '../backend/check-options.js';
import type { PostgresDatabase } from '../backend/databases.js';
import type { DrizzleStorageBackend } from '../backend/drizzle-storage-backend.js';
import type { DatabaseOptions, ServerUrlOptions } from '../backend/options.js';
import { type OpenedDatabase, openStorage, type StorageSetupOptions } from '../connection/open.js';
import { locationFor } from '../connection/url.js';
import { maskUrl } from '../errors/errors.js';
import { postgresDialect } from './dialect.js';
import { migrations } from './migrations.js';
import { flagsTables } from './tables.js';

/** Options of {@link createStorage}: a `url` to connect to, or the app's drizzle `db` (not both). */
export type PgStorageOptions = StorageSetupOptions & (ServerUrlOptions | DatabaseOptions<PostgresDatabase>);

function open(options: PgStorageOptions): OpenedDatabase {
  const base = { dialect: postgresDialect, migrations, tables: flagsTables };
  if (options.db) return { ...base, db: options.db, label: 'postgres', closeClient: options.closeClient };
  const client = postgres(locationFor(options.url, 'postgres'), {
    connect_timeout: Math.max(1, Math.ceil((options.connectTimeoutMs ?? 5_000) / 1000)),
    max: options.maxConnections ?? 10,
    // IF NOT EXISTS and friends raise NOTICEs; an app's console is no place for them.
    onnotice: () => {},
  });
  return {
    ...base,
    db: drizzle({ client }),
    label: maskUrl(options.url),
    // In-flight queries get 2 s to finish; a connection stuck re-connecting is then dropped.
    onClose: () => client.end({ timeout: 2 }),
  };
}

/**
 * A PostgreSQL backend (postgres.js): connects lazily to `url`, or wraps the app's drizzle `db`.
 * @throws StorageError when `createTables` is set and the migrations cannot be applied.
 */
export async function createStorage(options: PgStorageOptions): Promise<DrizzleStorageBackend> {
  checkOptions(options, 'url-or-db');
  return openStorage(open(options), options);
}
