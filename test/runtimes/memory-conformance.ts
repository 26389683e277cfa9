// The memory backend's conformance suite, as its vitest file registers it, run by the harness.
import type { StorageBackend } from '@flags/core';
import { MemoryStorageBackend } from '@flags/storage-memory';
import { runStorageConformance } from '@flags/testkit';
import { run } from './harness.js';

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
await run();
