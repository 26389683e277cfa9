import { migrateWith } from '../connection/open.js';
import type { AnyDatabase } from '../schema/types.js';
import { sqliteDialect } from './dialect.js';
import { migrations } from './migrations.js';

/**
 * Applies the migrations shipped with the package (drizzle-kit, default prefix) to a drizzle
 * better-sqlite3 database, renamed for `tablePrefix`, recording them in `__<prefix>migrations`.
 * Idempotent; runs in one BEGIN IMMEDIATE transaction (which also serialises concurrent migrators).
 * @returns the migration tags applied now (empty when up to date).
 * @throws StorageError when a statement fails (the transaction is rolled back).
 */
export function migrate(db: AnyDatabase, options: { tablePrefix?: string } = {}): Promise<string[]> {
  return migrateWith(db, sqliteDialect(db), migrations, options.tablePrefix);
}
