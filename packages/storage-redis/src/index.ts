export { RedisStorageBackend } from './backend.js';
export type { RedisCommands, RedisReply } from './commands.js';
export type { RedisConnectOptions } from './connect/options.js';
export { PACKAGE, RedisReplyError } from './errors.js';
export { DEFAULT_PREFIX } from './keys.js';
export type { RedisClientOptions, RedisStorageBackendOptions, RedisStoreOptions } from './options.js';
export { upstashCommands } from './upstash/adapter.js';
export type { UpstashConnectOptions } from './upstash/connect.js';
