import { StorageError } from '@flags/core';
import { createStorage as createMysql } from '@flags/storage-drizzle/mysql';
import { createStorage as createPg } from '@flags/storage-drizzle/pg';
import { createStorage as createSqlite } from '@flags/storage-drizzle/sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchDatabase, dropScratchDatabase, MYSQL, PG } from './support/servers.js';

const HINT = /createTables: true.*migrate\(db\)/;

describe.each([
  ['SQLite', async () => ({ url: ':memory:', create: createSqlite, drop: async () => {} })],
  [
    'PostgreSQL',
    async () => {
      const url = await createScratchDatabase(PG, 'missing');
      return { url, create: createPg, drop: () => dropScratchDatabase(PG, url) };
    },
  ],
  [
    'MySQL',
    async () => {
      const url = await createScratchDatabase(MYSQL, 'missing');
      return { url, create: createMysql, drop: () => dropScratchDatabase(MYSQL, url) };
    },
  ],
] as const)('%s without the tables', (_name, setUp) => {
  let subject: Awaited<ReturnType<typeof setUp>>;
  beforeAll(async () => {
    subject = await setUp();
  });
  afterAll(() => subject.drop());

  it('healthCheck() is false, and every read and write names createTables: true and migrate()', async () => {
    const storage = await subject.create({ url: subject.url });
    try {
      expect(await storage.healthCheck()).toBe(false);
      const attempts = [
        () => storage.getFlag('x'),
        () => storage.getAllFlags(),
        () => storage.createFlag({ key: 'x' }),
      ];
      for (const attempt of attempts) {
        const error = await (attempt() as Promise<unknown>).catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(StorageError);
        expect((error as Error).message).toMatch(HINT);
      }
    } finally {
      await storage.close();
    }
  });

  it('healthCheck() turns true once createTables has run', async () => {
    const storage = await subject.create({ url: subject.url, createTables: true });
    try {
      expect(await storage.healthCheck()).toBe(true);
    } finally {
      await storage.close();
    }
  });
});
