import { entityKind } from 'drizzle-orm';
import { configError } from '../errors/config-error.js';
import { mysqlDialect } from '../mysql/dialect.js';
import { postgresDialect } from '../pg/dialect.js';
import type { AnyDatabase, FlagsTableSet } from '../schema/types.js';
import { sqliteDialect } from '../sqlite/dialect.js';
import type { Dialect, DialectName } from './dialect.js';

/** drizzle's entity kinds of a value's class chain (how drizzle's own `is()` tells classes apart). */
function kinds(value: unknown): string[] {
  const found: string[] = [];
  let cls = value && typeof value === 'object' ? (value.constructor as unknown) : undefined;
  while (typeof cls === 'function') {
    if (Object.hasOwn(cls, entityKind)) found.push(String((cls as unknown as Record<symbol, unknown>)[entityKind]));
    cls = Object.getPrototypeOf(cls);
  }
  return found;
}

function dialectNameOf(db: AnyDatabase): DialectName | undefined {
  const dialect = kinds(db?.dialect);
  if (dialect.includes('PgDialect')) return 'postgres';
  if (dialect.includes('MySqlDialect')) return 'mysql';
  if (dialect.includes('SQLiteDialect')) return 'sqlite';
  return undefined;
}

function tablesDialectOf(tables: FlagsTableSet): DialectName | undefined {
  const table = kinds(tables?.flags);
  if (table.includes('PgTable')) return 'postgres';
  if (table.includes('MySqlTable')) return 'mysql';
  if (table.includes('SQLiteTable')) return 'sqlite';
  return undefined;
}

/**
 * The driver glue for a drizzle database, checked against the tables' dialect.
 * @throws ValidationError when `db` is not a drizzle database of a supported dialect or the tables are of another.
 */
export function dialectFor(db: AnyDatabase, tables: FlagsTableSet): Dialect {
  const name = dialectNameOf(db);
  if (!name) {
    throw configError('db', 'must be a drizzle database for PostgreSQL, MySQL/MariaDB or SQLite');
  }
  const tablesName = tablesDialectOf(tables);
  if (tablesName !== name) {
    throw configError(
      'tables',
      `must come from flagsTables() of @flags/storage-drizzle/${name === 'postgres' ? 'pg' : name} (got ${tablesName ?? 'no drizzle tables'})`,
    );
  }
  if (name === 'postgres') return postgresDialect;
  if (name === 'mysql') return mysqlDialect;
  return sqliteDialect(db);
}
