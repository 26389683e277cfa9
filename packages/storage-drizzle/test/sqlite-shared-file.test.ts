import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DrizzleStorageBackend } from '@flags/storage-drizzle';
import { createStorage } from '@flags/storage-drizzle/sqlite';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

// The app's backend and a scheduler's, on one SQLite file in one process: writers must queue without
// freezing the event loop (a synchronous busy wait would hold the lock-owner's transaction still too).
describe('two backends on one SQLite file in one process', () => {
  let dir = '';
  let url = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'flags-shared-'));
    url = `sqlite:${join(dir, 'flags.db')}`;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('concurrent createTables all succeed', async () => {
    const backends = await Promise.all(
      Array.from({ length: 6 }, () => DrizzleStorageBackend.create({ url, createTables: true })),
    );
    await Promise.all(backends.map((b) => b.close()));
  });

  it('concurrent writers through two URL backends all succeed and see each other', async () => {
    const app = await createStorage({ url, createTables: true });
    const scheduler = await createStorage({ url });
    try {
      const writes = Array.from({ length: 20 }, (_, i) => (i % 2 ? app : scheduler).createFlag({ key: `flag-${i}` }));
      await Promise.all(writes);
      expect((await app.getAllFlags()).length).toBe(20);
      expect((await scheduler.getAllFlags()).length).toBe(20);
      await app.close();
      // The other backend keeps working after one closes.
      expect(await scheduler.createFlag({ key: 'after-close' })).toMatchObject({ key: 'after-close' });
    } finally {
      await app.close();
      await scheduler.close();
    }
  });

  it('a URL backend and one on the app’s own connection to the file write concurrently, the loop stays free', async () => {
    const urlBackend = await createStorage({ url, createTables: true });
    const client = new Database(join(dir, 'flags.db'), { timeout: 5_000 });
    const appBackend = await createStorage({ db: drizzle({ client }) });
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 1);
    try {
      // Each write is a transaction spanning awaits: while one connection holds the file's write lock,
      // the other's BEGIN must wait asynchronously, or the holder could never finish.
      const writes = Array.from({ length: 10 }, (_, i) =>
        (i % 2 ? urlBackend : appBackend).createFlag({ key: `mixed-${i}` }),
      );
      await Promise.all(writes);
      expect((await appBackend.getAllFlags()).length).toBe(10);
      expect(ticks).toBeGreaterThan(0);
    } finally {
      clearInterval(ticker);
      await urlBackend.close();
      await appBackend.close();
      client.close();
    }
  });
});
