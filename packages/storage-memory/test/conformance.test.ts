import type { StorageBackend } from '@flags/core';
import { MemoryStorageBackend } from '@flags/storage-memory';
import { runStorageConformance } from '@flags/testkit';

// Reopening means a new backend over the same store: the in-memory counterpart of a new connection.
function reopen(backend: StorageBackend): StorageBackend {
  if (!(backend instanceof MemoryStorageBackend)) throw new Error('reopen expects a MemoryStorageBackend');
  return new MemoryStorageBackend({ store: backend.store });
}

runStorageConformance({
  name: 'MemoryStorageBackend',
  create: () => new MemoryStorageBackend(),
  reopen,
  reopenWithFeedRetention: (backend, feedRetention) =>
    new MemoryStorageBackend({ store: (backend as MemoryStorageBackend).store, feedRetention }),
  // A memory store is lost with its process: the one after it is a new store.
  reopenAfterDataLoss: () => new MemoryStorageBackend(),
});
