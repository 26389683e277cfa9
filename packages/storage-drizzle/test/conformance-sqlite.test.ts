import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DrizzleStorageBackend } from '@flags/storage-drizzle';
import { createStorage, flagsTables, migrate } from '@flags/storage-drizzle/sqlite';
import { runStorageConformance } from '@flags/testkit';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { afterAll, beforeAll, describe } from 'vitest';
import { loseEveryRow } from './support/data-loss.js';

const PREFIXES = ['ff_', 'alt_'];

describe('SQLite file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flags-drizzle-'));
  const url = `sqlite:${join(dir, 'flags.db')}`;

  beforeAll(async () => {
    // Both prefixes in one file: the default through the root entry's URL dispatch.
    await (await DrizzleStorageBackend.create({ url, createTables: true })).close();
    await (await createStorage({ url, tablePrefix: 'alt_', createTables: true })).close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const tablePrefix of PREFIXES) {
    describe(`tablePrefix ${tablePrefix}`, () => {
      // Every instance opens its own connection to the file: reopen reads what another connection wrote.
      const open = () => createStorage({ url, tablePrefix });
      runStorageConformance({
        name: `drizzle SQLite file (${tablePrefix})`,
        create: open,
        reopen: open,
        reopenWithFeedRetention: (_backend, feedRetention) => createStorage({ url, tablePrefix, feedRetention }),
        reopenAfterDataLoss: async () => {
          const client = new Database(url.slice('sqlite:'.length));
          try {
            await loseEveryRow(drizzle({ client }), flagsTables(tablePrefix));
          } finally {
            client.close();
          }
          return open();
        },
      });
    });
  }
});

describe('SQLite :memory:', () => {
  // An in-memory database lives as long as its connection: the app's connection, shared by every
  // backend instance (which leave it open on close), so reopen reads what the previous instance wrote.
  const client = new Database(':memory:');
  const db = drizzle({ client });

  beforeAll(async () => {
    for (const tablePrefix of PREFIXES) await migrate(db, { tablePrefix });
  });
  afterAll(() => client.close());

  for (const tablePrefix of PREFIXES) {
    describe(`tablePrefix ${tablePrefix}`, () => {
      const open = () => createStorage({ db, tablePrefix });
      runStorageConformance({
        name: `drizzle SQLite :memory: (${tablePrefix})`,
        create: open,
        reopen: open,
        reopenWithFeedRetention: (_backend, feedRetention) => createStorage({ db, tablePrefix, feedRetention }),
        reopenAfterDataLoss: async () => {
          await loseEveryRow(db, flagsTables(tablePrefix));
          return open();
        },
      });
    });
  }
});
