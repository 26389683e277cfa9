import { migrateWith } from '../connection/open.js';
import type { AnyDatabase } from '../schema/types.js';
import { mysqlDialect } from './dialect.js';
import { migrations } from './migrations.js';

/**
 * Applies the migrations shipped with the package (drizzle-kit, default prefix) to a drizzle
 * mysql2 database, renamed for `tablePrefix`, recording them in `__<prefix>migrations`.
 * Idempotent; concurrent callers wait on `GET_LOCK`. MySQL commits DDL as it runs, so a failed
 * migration can leave part of itself applied.
 * @returns the migration tags applied now (empty when up to date).
 * @throws StorageError when a statement fails.
 */
export function migrate(db: AnyDatabase, options: { tablePrefix?: string } = {}): Promise<string[]> {
  return migrateWith(db, mysqlDialect, migrations, options.tablePrefix);
}
