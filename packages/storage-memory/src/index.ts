export { MemoryStorageBackend, type MemoryStorageBackendOptions } from './backend.js';
export { MemoryStore } from './memory-store.js';
export type { MemoryStoreSeed, MemoryStoreSnapshot } from './snapshot.js';
