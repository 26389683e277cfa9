import type { StorageBackend } from '@flags/core';
import { DrizzleStorageBackend } from '@flags/storage-drizzle';
import { runStorageConformance } from '@flags/testkit';
import { afterAll, beforeAll, describe } from 'vitest';
import { loseEveryRow } from './data-loss.js';
import { createScratchDatabase, dropScratchDatabase, openDrizzle, type Server } from './servers.js';

/** What a server dialect's entry (`@flags/storage-drizzle/pg`, `…/mysql`) gives the conformance run. */
export interface ServerEntry {
  createStorage(options: {
    url: string;
    tablePrefix?: string;
    createTables?: boolean;
    feedRetention?: { maxChanges?: number; maxAgeMs?: number };
  }): Promise<DrizzleStorageBackend>;
  migrate(db: never): Promise<unknown>;
  flagsTables(prefix: string): unknown;
}

/**
 * Registers the testkit's conformance suite for a server dialect, twice, in one scratch database: with
 * the default prefix (tables from the shipped migrations through `migrate()`) and with another prefix
 * (tables from `createTables`), side by side, so they must not collide.
 */
export function runServerConformance(server: Server, label: string, entry: ServerEntry): void {
  let url = '';

  beforeAll(async () => {
    url = await createScratchDatabase(server, 'conf');
    const { db, end } = openDrizzle(server, url);
    try {
      await entry.migrate(db as never);
    } finally {
      await end();
    }
    await (await entry.createStorage({ url, tablePrefix: 'alt_', createTables: true })).close();
  });

  afterAll(async () => {
    if (url) await dropScratchDatabase(server, url);
  });

  for (const tablePrefix of ['ff_', 'alt_']) {
    describe(`tablePrefix ${tablePrefix}`, () => {
      const open = () => entry.createStorage({ url, tablePrefix });
      // Writes that wait in their transaction, before committing, for the check to let them go:
      // a connection of their own, ended with the backend.
      const pausing = (pause: () => Promise<void>): StorageBackend => {
        const { db, end } = openDrizzle(server, url);
        return new DrizzleStorageBackend({
          db: db as never,
          tables: entry.flagsTables(tablePrefix) as never,
          beforeCommit: pause,
          onClose: end,
        });
      };
      runStorageConformance({
        name: `drizzle ${label} (${tablePrefix})`,
        create: open,
        reopen: open,
        reopenWithFeedRetention: (_backend, feedRetention) => entry.createStorage({ url, tablePrefix, feedRetention }),
        reopenPausingWrites: (_backend, pause) => pausing(pause),
        reopenAfterDataLoss: async () => {
          const { db, end } = openDrizzle(server, url);
          try {
            await loseEveryRow(db, entry.flagsTables(tablePrefix));
          } finally {
            await end();
          }
          return open();
        },
      });
    });
  }
}
