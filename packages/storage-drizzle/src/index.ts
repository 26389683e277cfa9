export { DrizzleStorageBackend } from './backend/any-dialect.js';
export type { DrizzleStorageBackendOptions } from './backend/drizzle-storage-backend.js';
export type { DrizzleConnectOptions, StorageSetupOptions } from './backend/options.js';
export { parseStorageUrl, type StorageTarget } from './connection/url.js';
export type { DialectName } from './dialect/dialect.js';
export { maskUrl } from './errors/errors.js';
export { DEFAULT_TABLE_PREFIX } from './schema/prefix.js';
export type { FlagsTableSet } from './schema/types.js';
