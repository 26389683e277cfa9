export type { DrizzleStorageBackendOptions } from '../backend/drizzle-storage-backend.js';
export { DEFAULT_TABLE_PREFIX } from '../schema/prefix.js';
export { DrizzleStorageBackend } from './backend.js';
export { createStorage, type SqliteStorageOptions } from './connect.js';
export { migrate } from './migrate.js';
export { flagsTables, type SqliteFlagsTables } from './tables.js';
