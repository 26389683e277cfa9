export { ioredisCommands } from './adapter.js';
export { boundedIoRedisOptions, createIoRedisStorageBackend, type IoRedisConnectOptions } from './connect.js';
