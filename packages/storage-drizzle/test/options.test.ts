import { ValidationError } from '@flags/core';
import { DrizzleStorageBackend } from '@flags/storage-drizzle';
import { createStorage as pgStorage } from '@flags/storage-drizzle/pg';
import { createStorage, flagsTables } from '@flags/storage-drizzle/sqlite';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { describe, expect, it } from 'vitest';

describe('bad configuration is a ValidationError naming the option, before anything opens', () => {
  const db = drizzle({ client: new Database(':memory:') });
  it.each([
    ['neither url nor db', {}, 'url'],
    ['both url and db', { url: ':memory:', db }, 'url'],
    ['a negative timeoutMs', { url: ':memory:', timeoutMs: -1 }, 'timeoutMs'],
    ['a NaN timeoutMs', { url: ':memory:', timeoutMs: Number.NaN }, 'timeoutMs'],
    ['a negative flagCacheSize', { url: ':memory:', flagCacheSize: -5 }, 'flagCacheSize'],
    ['a clock that is no function', { url: ':memory:', clock: 'now' }, 'clock'],
    ['a closeClient that is no boolean', { db, closeClient: 'yes' }, 'closeClient'],
    ['a bad tablePrefix', { url: ':memory:', tablePrefix: 'bad-prefix' }, 'tablePrefix'],
  ])('%s', async (_case, options, path) => {
    const error = await createStorage(options as never).then(
      () => undefined,
      (e: unknown) => e as ValidationError,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect(error?.issues[0]?.path).toBe(path);
    expect(error?.message.startsWith('[@flags/storage-drizzle] ')).toBe(true);
  });

  it('servers too: maxConnections 0, connectTimeoutMs negative', async () => {
    await expect(pgStorage({ url: 'postgres://h/db', maxConnections: 0 })).rejects.toBeInstanceOf(ValidationError);
    await expect(pgStorage({ url: 'postgres://h/db', connectTimeoutMs: -1 })).rejects.toBeInstanceOf(ValidationError);
  });

  it('the constructor: a db that is not drizzle, tables of another dialect, a bad option', () => {
    expect(() => new DrizzleStorageBackend({ db: {} as never, tables: flagsTables() })).toThrow(ValidationError);
    expect(() => new DrizzleStorageBackend({ db, tables: flagsTables(), timeoutMs: -1 })).toThrow(ValidationError);
  });
});

describe('closeClient', () => {
  it('leaves the app’s client open by default, and ends it when asked', async () => {
    const kept = new Database(':memory:');
    await (await createStorage({ db: drizzle({ client: kept }), createTables: true })).close();
    expect(kept.open).toBe(true);
    kept.close();

    const handed = new Database(':memory:');
    const backend = await createStorage({ db: drizzle({ client: handed }), createTables: true, closeClient: true });
    await backend.close();
    expect(handed.open).toBe(false);

    const viaConstructor = new Database(':memory:');
    await new DrizzleStorageBackend({
      db: drizzle({ client: viaConstructor }),
      tables: flagsTables(),
      closeClient: true,
    }).close();
    expect(viaConstructor.open).toBe(false);
  });
});

describe('timeoutMs', () => {
  it('is the per-operation deadline (operationTimeoutMs, its former name, still works)', async () => {
    const backend = await createStorage({ url: ':memory:', createTables: true, timeoutMs: 1_000 });
    expect(await backend.createFlag({ key: 'in-time' })).toMatchObject({ key: 'in-time' });
    await backend.close();
    const legacy = await createStorage({ url: ':memory:', createTables: true, operationTimeoutMs: 1_000 });
    expect(await legacy.healthCheck()).toBe(true);
    await legacy.close();
  });
});
