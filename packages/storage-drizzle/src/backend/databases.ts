import type { MySqlDatabase } from 'drizzle-orm/mysql-core';
import type { PgDatabase } from 'drizzle-orm/pg-core';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';

// drizzle's database types are generic over the driver's result types and the app's own schema: a
// backend takes any of them, so the type parameters are left open here (and only here).
/* biome-ignore-start lint/suspicious/noExplicitAny: see above */
/** A drizzle PostgreSQL database (postgres.js, node-postgres…), whatever the app's schema. */
export type PostgresDatabase = PgDatabase<any, any, any>;
/** A drizzle MySQL/MariaDB database (mysql2), whatever the app's schema. */
export type MySqlDrizzleDatabase = MySqlDatabase<any, any, any, any>;
/** A drizzle SQLite database (better-sqlite3), whatever the app's schema. */
export type SqliteDatabase = BaseSQLiteDatabase<'sync' | 'async', any, any, any>;
/* biome-ignore-end lint/suspicious/noExplicitAny: see above */

/** A drizzle database of a dialect the backend supports. */
export type SupportedDatabase = PostgresDatabase | MySqlDrizzleDatabase | SqliteDatabase;
