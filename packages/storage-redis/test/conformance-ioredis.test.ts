import type { FeedRetention } from '@flags/core';
import { DEFAULT_PREFIX } from '../src/index.js';
import { createIoRedisStorageBackend } from '../src/ioredis/index.js';
import { registerConformance } from './support/conformance.js';
import { redisUrl } from './support/redis-env.js';

const open = () => (prefix: string, feedRetention?: FeedRetention) =>
  createIoRedisStorageBackend({ url: redisUrl(), prefix, feedRetention });

registerConformance('ioredis', DEFAULT_PREFIX, open);
registerConformance('ioredis', '{flags}:', open);
