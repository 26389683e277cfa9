import { createIoRedisStorageBackend } from '@flags/storage-redis/ioredis';
import { connectTestRedis, redisUrl } from '../../storage-redis/test/support/redis-connect.js';
import { deleteKeysUnder } from '../../storage-redis/test/support/redis-env.js';
import { describeSpecScenarios } from './support/spec-scenarios.js';

describeSpecScenarios('Redis (ioredis)', async () => {
  const prefix = `openfeature-spec:${Date.now().toString(36)}:`;
  const storage = createIoRedisStorageBackend({ url: redisUrl(), prefix });
  return {
    storage,
    async close() {
      await storage.close();
      const redis = await connectTestRedis();
      try {
        await deleteKeysUnder(redis, prefix);
      } finally {
        redis.disconnect();
      }
    },
  };
});
