export { RedisStorageBackend, type RedisStorageBackendOptions } from './backend.js';
export type { RedisCommands, RedisReply } from './commands.js';
export { PACKAGE, RedisReplyError } from './errors.js';
export { DEFAULT_PREFIX } from './keys.js';
export { upstashCommands } from './upstash/adapter.js';
export type { UpstashConnectOptions } from './upstash/connect.js';
