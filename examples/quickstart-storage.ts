import type { StorageBackend } from '@flags/core';
import { MemoryStorageBackend } from '@flags/storage-memory';

/** The storage the quickstart runs on. */
export async function openQuickstartStorage(): Promise<{ storage: StorageBackend; description: string }> {
  return { storage: new MemoryStorageBackend(), description: 'in-memory' };
}
