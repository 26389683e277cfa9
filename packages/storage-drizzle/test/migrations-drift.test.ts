import { readdirSync, readFileSync } from 'node:fs';
import {
  generateDrizzleJson,
  generateMigration,
  generateMySQLDrizzleJson,
  generateMySQLMigration,
  generateSQLiteDrizzleJson,
  generateSQLiteMigration,
} from 'drizzle-kit/api';
import { describe, expect, it } from 'vitest';
import * as mysqlSchema from '../src/mysql/schema.js';
import * as pgSchema from '../src/pg/schema.js';
import * as sqliteSchema from '../src/sqlite/schema.js';

/** The snapshot drizzle-kit wrote with the newest shipped migration of a dialect. */
function latestSnapshot(dir: string): Record<string, unknown> {
  const meta = new URL(`../migrations/${dir}/meta/`, import.meta.url);
  const newest = readdirSync(meta)
    .filter((name) => name.endsWith('_snapshot.json'))
    .sort()
    .at(-1);
  if (!newest) throw new Error(`no snapshot in migrations/${dir}/meta`);
  return JSON.parse(readFileSync(new URL(newest, meta), 'utf8'));
}

const REGENERATE =
  'the schema changed without a migration: run `pnpm --filter @flags/storage-drizzle migrations:generate`';

// drizzle-kit diffs the schema in src/<dialect>/schema.ts against the newest shipped snapshot, as
// `drizzle-kit generate` would: any statement means the shipped migrations no longer match the schema.
describe('shipped migrations match the schema', () => {
  it('PostgreSQL', async () => {
    const current = generateDrizzleJson(pgSchema);
    const statements = await generateMigration(latestSnapshot('pg') as never, current);
    expect(statements, REGENERATE).toStrictEqual([]);
  });

  it('MySQL / MariaDB', async () => {
    const current = await generateMySQLDrizzleJson(mysqlSchema);
    const statements = await generateMySQLMigration(latestSnapshot('mysql') as never, current);
    expect(statements, REGENERATE).toStrictEqual([]);
  });

  it('SQLite', async () => {
    const current = await generateSQLiteDrizzleJson(sqliteSchema);
    const statements = await generateSQLiteMigration(latestSnapshot('sqlite') as never, current);
    expect(statements, REGENERATE).toStrictEqual([]);
  });
});
