export { ioredisCommands } from './adapter.js';
export { boundedIoRedisOptions, type TcpClientOptions } from './clients.js';
export { createIoRedisStorageBackend, type IoRedisConnectOptions } from './connect.js';
