export { MemoryStorageBackend, type MemoryStorageBackendOptions } from './backend.js';
export { MemoryStore } from './memory-store.js';
