import { DEFAULT_PREFIX } from '../src/index.js';
import { createIoRedisStorageBackend } from '../src/ioredis/index.js';
import { registerConformance } from './support/conformance.js';
import { redisUrl } from './support/redis-env.js';

const open = () => (prefix: string) => createIoRedisStorageBackend({ url: redisUrl(), prefix });

registerConformance('ioredis', DEFAULT_PREFIX, open);
registerConformance('ioredis', '{flags}:', open);
