export { DrizzleStorageBackend, type DrizzleStorageBackendOptions } from './shared/backend.js';
export type { DialectName } from './shared/dialect.js';
export { maskUrl } from './shared/errors.js';
export type { DrizzleConnectOptions, StorageSetupOptions } from './shared/options.js';
export { DEFAULT_TABLE_PREFIX } from './shared/prefix.js';
export type { FlagsTableSet } from './shared/types.js';
export { parseStorageUrl, type StorageTarget } from './shared/url.js';
