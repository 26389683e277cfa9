import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type StorageBackend, StorageError } from '@flags/core';
import * as mysql from '@flags/storage-drizzle/mysql';
import * as pg from '@flags/storage-drizzle/pg';
import * as sqlite from '@flags/storage-drizzle/sqlite';
import { liveOutageScenario } from '@flags/testkit';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createScratchDatabase, dropScratchDatabase, MYSQL, PG, type Server } from './support/servers.js';
import { TcpProxy } from './support/tcp-proxy.js';

/** A scratch database with the tables, reached through a relay the test can cut. */
function throughRelay(server: Server, entry: typeof pg | typeof mysql) {
  let url = '';
  const target = new URL(server.url);
  const proxy = new TcpProxy(target.hostname, Number(target.port));
  beforeAll(async () => {
    url = await createScratchDatabase(server, 'live_outage');
    await (await entry.createStorage({ url, createTables: true })).close();
    await proxy.start();
  });
  afterAll(async () => {
    await proxy.stop();
    if (url) await dropScratchDatabase(server, url);
  });
  return {
    open: () => entry.createStorage({ url: proxy.via(url), timeoutMs: 2000 }) as Promise<StorageBackend>,
    stop: () => proxy.stop(),
    start: () => proxy.start(),
  };
}

describe('a live client while the database server goes away and comes back', () => {
  const postgres = throughRelay(PG, pg);
  const mariadb = throughRelay(MYSQL, mysql);

  it('PostgreSQL: serves the last good values throughout, fresh ones after, without a restart', async () => {
    await liveOutageScenario({ ...postgres });
  }, 90_000);

  it('MariaDB: serves the last good values throughout, fresh ones after, without a restart', async () => {
    await liveOutageScenario({ ...mariadb });
  }, 90_000);

  describe('SQLite (no server: every call fails while "down")', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flags-live-outage-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    let down = false;
    // A file database cannot be killed; a wrapper failing every call stands in for the outage.
    const failing = (backend: StorageBackend): StorageBackend =>
      new Proxy(backend, {
        get(target, property) {
          const value = Reflect.get(target, property, target);
          if (typeof value !== 'function') return value;
          return (...args: unknown[]) =>
            down && property !== 'close'
              ? Promise.reject(new StorageError('[@flags/storage-drizzle] database unavailable (test)'))
              : value.apply(target, args);
        },
      });

    it('serves the last good values throughout, fresh ones after, without a restart', async () => {
      const url = `sqlite:${join(dir, 'live.db')}`;
      await (await sqlite.createStorage({ url, createTables: true })).close();
      await liveOutageScenario({
        open: async () => failing(await sqlite.createStorage({ url })),
        stop: async () => {
          down = true;
        },
        start: async () => {
          down = false;
        },
      });
    }, 90_000);
  });
});
