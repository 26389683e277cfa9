export { DrizzleStorageBackend, type DrizzleStorageBackendOptions } from '../shared/backend.js';
export { DEFAULT_TABLE_PREFIX } from '../shared/prefix.js';
export { createStorage, type PgStorageOptions } from './connect.js';
export { migrate } from './migrate.js';
export { flagsTables, type PgFlagsTables } from './tables.js';
