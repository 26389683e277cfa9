import { withDeadline } from '@flags/core/backend';
import { DrizzleStorageBackend } from '../backend/drizzle-storage-backend.js';
import type { StorageSetupOptions } from '../backend/options.js';
import type { Dialect } from '../dialect/dialect.js';
import { ErrorMapper, noAnswer } from '../errors/errors.js';
import { applyMigrations } from '../migrations/migrator.js';
import type { ShippedMigrations } from '../migrations/shipped.js';
import { DEFAULT_TABLE_PREFIX } from '../schema/prefix.js';
import type { AnyDatabase, FlagsTableSet } from '../schema/types.js';

// Creating nine empty tables takes a second or two; a server that never answers must not hang startup.
const MIGRATION_TIMEOUT_MS = 60_000;

/** Migrations on a server get {@link MIGRATION_TIMEOUT_MS}; SQLite has no network to wait for. */
function withMigrationDeadline<T>(migrating: Promise<T>, dialect: Dialect): Promise<T> {
  const ms = dialect.name === 'sqlite' ? 0 : MIGRATION_TIMEOUT_MS;
  return withDeadline(migrating, ms, () => noAnswer(ms));
}

export type { StorageSetupOptions } from '../backend/options.js';

/** A connection a dialect entry made or was handed, ready to become a backend. */
export interface OpenedDatabase {
  db: AnyDatabase;
  dialect: Dialect;
  /** The dialect's shipped migrations. */
  migrations: ShippedMigrations;
  tables: (prefix: string) => FlagsTableSet;
  /** Masked URL or path, for messages. */
  label: string;
  /** Ends the connection when the backend made it. */
  onClose?: () => void | Promise<void>;
  /** The app's `db` whose client `close()` must end too (`closeClient`). */
  closeClient?: boolean;
}

/**
 * The backend over an opened database, after applying migrations when `createTables` asks; a
 * failure there closes what was opened and rejects with a StorageError.
 */
export async function openStorage(
  opened: OpenedDatabase,
  options: StorageSetupOptions,
): Promise<DrizzleStorageBackend> {
  const prefix = options.tablePrefix ?? DEFAULT_TABLE_PREFIX;
  const backend = new DrizzleStorageBackend({
    db: opened.db,
    tables: opened.tables(prefix),
    label: opened.label,
    onClose: opened.onClose,
    timeoutMs: options.timeoutMs,
    operationTimeoutMs: options.operationTimeoutMs,
    closeClient: opened.closeClient,
    clock: options.clock,
    flagCacheSize: options.flagCacheSize,
    feedRetention: options.feedRetention,
  });
  if (options.createTables) {
    try {
      const migrating = applyMigrations(opened.db, opened.dialect, opened.migrations, prefix);
      await withMigrationDeadline(migrating, opened.dialect);
    } catch (error) {
      await backend.close().catch(() => {});
      throw new ErrorMapper(opened.label).storage('createTables', error);
    }
  }
  return backend;
}

/**
 * Applies the shipped migrations for `tablePrefix` on `db` (see `applyMigrations`), failures as StorageError.
 * @returns the migration tags applied now.
 */
export async function migrateWith(
  db: AnyDatabase,
  dialect: Dialect,
  migrations: ShippedMigrations,
  tablePrefix: string = DEFAULT_TABLE_PREFIX,
): Promise<string[]> {
  try {
    const migrating = applyMigrations(db, dialect, migrations, tablePrefix);
    return await withMigrationDeadline(migrating, dialect);
  } catch (error) {
    throw new ErrorMapper(dialect.name).storage('migrate', error);
  }
}
