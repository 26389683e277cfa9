// Registers this dialect with `DrizzleStorageBackend.create` (package.json lists it under sideEffects).
import './register.js';

export { DrizzleStorageBackend, type DrizzleStorageBackendOptions } from '../backend/drizzle-storage-backend.js';
export { DEFAULT_TABLE_PREFIX } from '../schema/prefix.js';
export { createStorage, type PgStorageOptions } from './connect.js';
export { migrate } from './migrate.js';
export { flagsTables, type PgFlagsTables } from './tables.js';
