import type { DrizzleStorageBackend } from '@flags/storage-drizzle';
import { createStorage as mysqlStorage } from '@flags/storage-drizzle/mysql';
import { createStorage as pgStorage } from '@flags/storage-drizzle/pg';
import { createStorage as sqliteStorage } from '@flags/storage-drizzle/sqlite';
import { afterAll, beforeAll, describe } from 'vitest';
import { createScratchDatabase, dropScratchDatabase, MYSQL, PG } from './servers.js';

/** Options every dialect entry's `createStorage` takes besides `url`. */
type Extra = { clock?: () => Date };

/** Opens a backend with fresh tables on each dialect (a scratch database on the servers). */
const OPENERS: Array<
  [string, (label: string, extra: Extra) => Promise<{ backend: DrizzleStorageBackend; drop: () => Promise<void> }>]
> = [
  [
    'SQLite',
    async (_label, extra) => ({
      backend: await sqliteStorage({ url: ':memory:', createTables: true, ...extra }),
      drop: async () => {},
    }),
  ],
  [
    'PostgreSQL',
    async (label, extra) => {
      const url = await createScratchDatabase(PG, label);
      return {
        backend: await pgStorage({ url, createTables: true, ...extra }),
        drop: () => dropScratchDatabase(PG, url),
      };
    },
  ],
  [
    'MariaDB',
    async (label, extra) => {
      const url = await createScratchDatabase(MYSQL, label);
      return {
        backend: await mysqlStorage({ url, createTables: true, ...extra }),
        drop: () => dropScratchDatabase(MYSQL, url),
      };
    },
  ],
];

/**
 * Registers `suite` once per dialect, inside a `describe` named after it, with a backend on fresh tables
 * (opened before, closed and dropped after the suite).
 */
export function onEveryDialect(
  label: string,
  suite: (backend: () => DrizzleStorageBackend, dialect: string) => void,
  extra: Extra = {},
): void {
  for (const [dialect, open] of OPENERS) {
    describe(dialect, () => {
      let backend: DrizzleStorageBackend | undefined;
      let drop: () => Promise<void> = async () => {};
      beforeAll(async () => {
        ({ backend, drop } = await open(label, extra));
      });
      afterAll(async () => {
        await backend?.close();
        await drop();
      });
      suite(() => {
        if (!backend) throw new Error('backend not opened');
        return backend;
      }, dialect);
    });
  }
}
