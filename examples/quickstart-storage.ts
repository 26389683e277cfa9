import type { StorageBackend } from '@flags/core';
import { DrizzleStorageBackend } from '@flags/storage-drizzle';

/**
 * The storage the quickstart runs on: an embedded SQLite file (no server needed), or any URL
 * `DrizzleStorageBackend.create` understands in `FLAGS_DB_URL` (`postgres://…`, `mysql://…`).
 */
export async function openQuickstartStorage(): Promise<{ storage: StorageBackend; description: string }> {
  const url = process.env.FLAGS_DB_URL ?? 'sqlite:.tmp/quickstart.db';
  if (url.startsWith('sqlite:')) {
    const { mkdirSync } = await import('node:fs');
    mkdirSync('.tmp', { recursive: true });
  }
  const storage = await DrizzleStorageBackend.create({ url, createTables: true });
  return { storage, description: url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@') };
}
