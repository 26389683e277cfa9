import { StorageError } from '@flags/core';
import { DrizzleStorageBackend } from '@flags/storage-drizzle';
import { describe, expect, it } from 'vitest';
import { lazyConnector } from '../src/connection/connectors.js';

describe('DrizzleStorageBackend.create dispatch', () => {
  it('connects through the dialect the URL names (SQLite in memory)', async () => {
    const storage = await DrizzleStorageBackend.create({ url: ':memory:', createTables: true });
    try {
      expect(await storage.healthCheck()).toBe(true);
    } finally {
      await storage.close();
    }
  });

  // A driver cannot be uninstalled for one test: the loader gets the error Node gives for it.
  it('a driver that is not installed is a StorageError naming the package to install', async () => {
    const missing = Object.assign(new Error("Cannot find package 'mysql2' imported from /app/dist/mysql/connect.js"), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
    const load = lazyConnector('mysql', () => Promise.reject(missing));
    const error = await load().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as Error).message).toBe(
      '[@flags/storage-drizzle] mysql needs the `mysql2` package, which is not installed: npm install mysql2',
    );
  });

  it('another missing module is not mistaken for the driver', async () => {
    const other = Object.assign(new Error("Cannot find package 'mysql2-extra' imported from /app/x.js"), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
    await expect(lazyConnector('mysql', () => Promise.reject(other))()).rejects.toBe(other);
  });
});

describe('the DrizzleStorageBackend of each entry', () => {
  it('a dialect entry’s create refuses another dialect’s URL, naming the entry to import', async () => {
    const { DrizzleStorageBackend: PgBackend } = await import('@flags/storage-drizzle/pg');
    const error = await PgBackend.create({ url: 'mysql://root@127.0.0.1:1/x' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as Error).message).toContain("from '@flags/storage-drizzle/mysql'");
  });

  it('every entry’s class recognises every backend of the package (instanceof)', async () => {
    const { DrizzleStorageBackend: SqliteBackend, createStorage } = await import('@flags/storage-drizzle/sqlite');
    const { DrizzleStorageBackend: PgBackend } = await import('@flags/storage-drizzle/pg');
    const storage = await createStorage({ url: ':memory:' });
    try {
      expect(storage).toBeInstanceOf(DrizzleStorageBackend);
      expect(storage).toBeInstanceOf(SqliteBackend);
      expect(storage).toBeInstanceOf(PgBackend);
      expect({}).not.toBeInstanceOf(DrizzleStorageBackend);
    } finally {
      await storage.close();
    }
  });
});
