import type Database from 'better-sqlite3';
import type { Pool } from 'mysql2/promise';
import type { Sql } from 'postgres';

/** Every schema object of a database as `kind name: definition` lines, sorted: equal lists = same schema. */
export type SchemaListing = string[];

export async function pgSchema(client: Sql): Promise<SchemaListing> {
  const rows = await client.unsafe(`
    select 'column ' || table_name || '.' || column_name || ': ' || data_type || ' ' || is_nullable as line
      from information_schema.columns where table_schema = current_schema()
    union all
    select 'index ' || indexname || ': ' || indexdef from pg_indexes where schemaname = current_schema()
    union all
    select 'constraint ' || conname || ': ' || pg_get_constraintdef(oid) from pg_constraint
      where connamespace = current_schema()::regnamespace`);
  return rows.map((r) => String(r.line)).sort();
}

export async function mysqlSchema(pool: Pool): Promise<SchemaListing> {
  const [rows] = await pool.query(`
    select concat('column ', table_name, '.', column_name, ': ', column_type, ' ', is_nullable, ' ', coalesce(collation_name, '')) as line
      from information_schema.columns where table_schema = database()
    union all
    select concat('index ', index_name, ': ', table_name, '(', group_concat(column_name order by seq_in_index), ') unique=', 1 - non_unique)
      from information_schema.statistics where table_schema = database() group by table_name, index_name, non_unique
    union all
    select concat('constraint ', constraint_name, ': ', table_name, ' -> ', referenced_table_name, ' on delete ', delete_rule)
      from information_schema.referential_constraints where constraint_schema = database()`);
  return (rows as Array<{ line: string }>).map((r) => String(r.line)).sort();
}

export function sqliteSchema(client: Database.Database): SchemaListing {
  const rows = client
    .prepare(`select type || ' ' || name || ': ' || coalesce(sql, '') as line from sqlite_master`)
    .all();
  return (rows as Array<{ line: string }>).map((r) => r.line).sort();
}

/**
 * The names a listing gives its objects: tables (SQLite lists them; elsewhere the `table` part of
 * `column table.name`), indexes and constraints.
 */
export function objectNames(listing: SchemaListing): string[] {
  const names = listing.map((line) => {
    const [, kind, name] = /^(\w+) ([^:]+):/.exec(line) ?? [];
    return kind === 'column' ? String(String(name).split('.')[0]) : String(name);
  });
  return [...new Set(names)].sort();
}
