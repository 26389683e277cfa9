export { MemoryStorageBackend, type MemoryStorageBackendOptions } from './backend.js';
export type { MemoryFeedSnapshot } from './change-log.js';
export { MemoryStore, type MemoryStoreOptions } from './memory-store.js';
export type { MemoryStoreSeed, MemoryStoreSnapshot } from './snapshot.js';
