import { migrate as migrateMysql } from '@flags/storage-drizzle/mysql';
import { migrate as migratePg } from '@flags/storage-drizzle/pg';
import { migrate as migrateSqlite } from '@flags/storage-drizzle/sqlite';
import Database from 'better-sqlite3';
import { drizzle as drizzleSqlite } from 'drizzle-orm/better-sqlite3';
import { drizzle as drizzleMysql } from 'drizzle-orm/mysql2';
import { drizzle as drizzlePg } from 'drizzle-orm/postgres-js';
import { createPool } from 'mysql2/promise';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations as mysqlMigrations } from '../src/mysql/migrations.js';
import { migrations as pgMigrations } from '../src/pg/migrations.js';
import { migrations as sqliteMigrations } from '../src/sqlite/migrations.js';
import { mysqlSchema, objectNames, pgSchema, type SchemaListing, sqliteSchema } from './support/inspect.js';
import { createScratchDatabase, dropScratchDatabase, MYSQL, PG } from './support/servers.js';

// Each dialect ships its own list (a change may concern one dialect only, e.g. PostgreSQL's json columns).
const TAGS: Record<string, string[]> = {
  PostgreSQL: pgMigrations.map((m) => m.tag),
  MariaDB: mysqlMigrations.map((m) => m.tag),
  SQLite: sqliteMigrations.map((m) => m.tag),
};
const OTHER = 'acme_flags_';

interface Subject {
  name: string;
  setUp(): Promise<void>;
  tearDown(): Promise<void>;
  migrate(tablePrefix?: string): Promise<string[]>;
  schema(): Promise<SchemaListing>;
}

/** Tables, indexes and constraints of one prefix: default-named objects with the table name in them count. */
const ofPrefix = (listing: SchemaListing, prefix: string) =>
  objectNames(listing).filter((name) => name.includes(prefix) && !name.startsWith(`__${prefix}`));

function subjects(): Subject[] {
  let pgUrl = '';
  let pg: postgres.Sql | undefined;
  let myUrl = '';
  let pool: ReturnType<typeof createPool> | undefined;
  let lite: Database.Database | undefined;
  return [
    {
      name: 'PostgreSQL',
      async setUp() {
        pgUrl = await createScratchDatabase(PG, 'mig');
        pg = postgres(pgUrl, { max: 2, onnotice: () => {} });
      },
      async tearDown() {
        await pg?.end({ timeout: 5 });
        if (pgUrl) await dropScratchDatabase(PG, pgUrl);
      },
      migrate: (tablePrefix) => migratePg(drizzlePg({ client: pg! }), { tablePrefix }),
      schema: () => pgSchema(pg!),
    },
    {
      name: 'MariaDB',
      async setUp() {
        myUrl = await createScratchDatabase(MYSQL, 'mig');
        pool = createPool({ uri: myUrl, connectionLimit: 2 });
      },
      async tearDown() {
        await pool?.end();
        if (myUrl) await dropScratchDatabase(MYSQL, myUrl);
      },
      migrate: (tablePrefix) => migrateMysql(drizzleMysql({ client: pool! }), { tablePrefix }),
      schema: () => mysqlSchema(pool!),
    },
    {
      name: 'SQLite',
      async setUp() {
        lite = new Database(':memory:');
      },
      async tearDown() {
        lite?.close();
      },
      migrate: (tablePrefix) => migrateSqlite(drizzleSqlite({ client: lite! }), { tablePrefix }),
      schema: async () => sqliteSchema(lite!),
    },
  ];
}

for (const subject of subjects()) {
  describe(`migrations on ${subject.name}`, () => {
    beforeAll(() => subject.setUp());
    afterAll(() => subject.tearDown());

    it('apply from zero, then again with no error and no change', async () => {
      expect(await subject.schema()).toStrictEqual([]);
      expect(await subject.migrate()).toStrictEqual(TAGS[subject.name]);
      const first = await subject.schema();
      expect(ofPrefix(first, 'ff_').length).toBeGreaterThan(20);
      expect(await subject.migrate()).toStrictEqual([]);
      expect(await subject.schema()).toStrictEqual(first);
    });

    it('bring another prefix up to date beside the default one, every name carrying that prefix', async () => {
      const before = await subject.schema();
      expect(await subject.migrate(OTHER)).toStrictEqual(TAGS[subject.name]);
      const after = await subject.schema();
      expect(after.filter((line) => before.includes(line))).toStrictEqual(before);
      const added = objectNames(after.filter((line) => !before.includes(line)));
      // Every object the second prefix added is named with it (MySQL's PRIMARY and SQLite's
      // automatic indexes are named by the server, after the prefixed table).
      const unprefixed = added.filter(
        (name) => !name.includes(OTHER) && name !== 'PRIMARY' && !/^sqlite_autoindex_/.test(name),
      );
      expect(unprefixed).toStrictEqual([]);
      expect(ofPrefix(after, OTHER).length).toBe(ofPrefix(before, 'ff_').length);
      expect(await subject.migrate(OTHER)).toStrictEqual([]);
    });

    it('refuses a prefix that is not a plain identifier', async () => {
      await expect(subject.migrate('ff; drop table x')).rejects.toThrow(/tablePrefix: .* is invalid/);
    });
  });
}
