/**
 * A batch of overrides written into a large table finds its stored rows through the indexes, on
 * every database: a full scan per batch makes an import of a million overrides quadratic. Each
 * statement `upsertOverrides` sends is captured at the driver and explained by the server itself.
 */
import type { DrizzleStorageBackend } from '@flags/storage-drizzle';
import { createStorage as mysqlStorage } from '@flags/storage-drizzle/mysql';
import { createStorage as pgStorage } from '@flags/storage-drizzle/pg';
import { createStorage as sqliteStorage } from '@flags/storage-drizzle/sqlite';
import Database from 'better-sqlite3';
import { drizzle as drizzleSqlite } from 'drizzle-orm/better-sqlite3';
import { drizzle as drizzleMysql } from 'drizzle-orm/mysql2';
import { drizzle as drizzlePg } from 'drizzle-orm/postgres-js';
import { createPool } from 'mysql2/promise';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { createScratchDatabase, dropScratchDatabase, MYSQL, PG } from './support/servers.js';

const FLAGS = 20;
const PER_FLAG = 1000;

/** A database with the statements its driver sent, and a way to ask it how it runs one. */
interface Explained {
  backend: DrizzleStorageBackend;
  sent: Array<{ query: string; params: unknown[] }>;
  /** Full scans of the overrides table in the plan of `query`. */
  fullScans(query: string, params: unknown[]): Promise<string[]>;
  analyze(): Promise<void>;
  end(): Promise<void>;
}

async function onPg(url: string): Promise<Explained> {
  const sent: Explained['sent'] = [];
  const client = postgres(url, {
    max: 2,
    onnotice: () => {},
    debug: (_connection, query, params) => sent.push({ query, params: params as unknown[] }),
  });
  const backend = await pgStorage({ db: drizzlePg({ client }), createTables: true });
  return {
    backend,
    sent,
    fullScans: async (query, params) => {
      const plan = await client.unsafe(`explain ${query}`, params as never[]);
      return plan.map((row) => String(row['QUERY PLAN'])).filter((line) => /Seq Scan on ff_flag_overrides/.test(line));
    },
    analyze: async () => {
      await client`analyze ff_flag_overrides`;
    },
    end: () => client.end({ timeout: 5 }),
  };
}

async function onMysql(url: string): Promise<Explained> {
  const sent: Explained['sent'] = [];
  const pool = createPool({ uri: url, connectionLimit: 2 });
  const getConnection = pool.getConnection.bind(pool);
  const recording = new WeakSet<object>();
  pool.getConnection = (async () => {
    const connection = await getConnection();
    if (!recording.has(connection)) {
      recording.add(connection);
      const query = connection.query.bind(connection);
      connection.query = ((sql: unknown, values?: unknown) => {
        const text = typeof sql === 'string' ? sql : (sql as { sql: string }).sql;
        sent.push({ query: text, params: (values as unknown[]) ?? [] });
        return query(sql as never, values as never);
      }) as typeof connection.query;
    }
    return connection;
  }) as typeof pool.getConnection;
  const backend = await mysqlStorage({ db: drizzleMysql({ client: pool }), createTables: true });
  return {
    backend,
    sent,
    fullScans: async (query, params) => {
      const [rows] = await pool.query(`explain ${query}`, params);
      return (rows as Array<{ table: string; type: string }>)
        .filter((row) => row.table === 'ff_flag_overrides' && row.type === 'ALL')
        .map((row) => JSON.stringify(row));
    },
    analyze: async () => {
      await pool.query('analyze table ff_flag_overrides');
    },
    end: () => pool.end(),
  };
}

async function onSqlite(): Promise<Explained> {
  const sent: Explained['sent'] = [];
  const client = new Database(':memory:');
  const backend = await sqliteStorage({ db: drizzleSqlite({ client }), createTables: true });
  const prepare = client.prepare.bind(client);
  client.prepare = ((source: string) => {
    sent.push({ query: source, params: [] });
    return prepare(source);
  }) as typeof client.prepare;
  return {
    backend,
    sent,
    // SQLite plans without the values: every parameter is bound to null.
    fullScans: async (query) =>
      (
        prepare(`explain query plan ${query}`).all(
          ...query
            .split('?')
            .slice(1)
            .map(() => null),
        ) as Array<{ detail: string }>
      )
        .map((row) => row.detail)
        .filter((detail) => /^SCAN ff_flag_overrides\b/.test(detail)),
    analyze: async () => {
      client.exec('analyze');
    },
    end: async () => {
      client.close();
    },
  };
}

function overrides(flagIds: readonly string[], from: number, count: number, value: string) {
  return flagIds.flatMap((flagId) =>
    Array.from({ length: count }, (_, i) => ({ flagId, entityType: 'user', entityId: `user-${from + i}`, value })),
  );
}

const scratch: Array<[typeof PG, string]> = [];
afterAll(async () => {
  for (const [server, url] of scratch) await dropScratchDatabase(server, url);
});

const databases: Array<[string, () => Promise<Explained>]> = [
  [
    'PostgreSQL',
    async () => {
      const url = await createScratchDatabase(PG, 'plans');
      scratch.push([PG, url]);
      return onPg(url);
    },
  ],
  [
    'MariaDB',
    async () => {
      const url = await createScratchDatabase(MYSQL, 'plans');
      scratch.push([MYSQL, url]);
      return onMysql(url);
    },
  ],
  ['SQLite', onSqlite],
];

describe.each(databases)('upsertOverrides into a large table on %s', (_name, open) => {
  it('looks up the stored rows through the indexes, never a full scan of the overrides', async () => {
    const db = await open();
    try {
      const flagIds: string[] = [];
      for (let i = 0; i < FLAGS; i++) flagIds.push((await db.backend.createFlag({ key: `plan-${i}` })).id);
      for (const flagId of flagIds) await db.backend.upsertOverrides!(overrides([flagId], 0, PER_FLAG, 'seed'));
      await db.analyze();

      db.sent.length = 0;
      // Half of the batch replaces stored overrides, half creates new ones, on two of the flags: a
      // batch small beside the table, as every batch of a large import is.
      const batch = overrides(flagIds.slice(3, 5), PER_FLAG - 50, 100, 'batch');
      const written = await db.backend.upsertOverrides!(batch);
      expect(written).toHaveLength(batch.length);
      expect(await db.backend.getOverride(flagIds[3]!, 'user', `user-${PER_FLAG - 1}`)).toMatchObject({
        value: 'batch',
      });

      const reads = db.sent.filter(({ query }) => /^\s*(\(\s*)?select/i.test(query) && /ff_flag_overrides/.test(query));
      expect(reads.length).toBeGreaterThan(0);
      const scans: string[] = [];
      for (const { query, params } of reads) scans.push(...(await db.fullScans(query, params)));
      expect(scans).toStrictEqual([]);
    } finally {
      await db.backend.close();
      await db.end();
    }
  }, 120_000);
});
