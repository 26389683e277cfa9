import type { FeedRetention } from '@flags/core';
import { afterAll, beforeAll } from 'vitest';
import { DEFAULT_PREFIX, RedisStorageBackend } from '../src/index.js';
import { registerConformance } from './support/conformance.js';
import { redisUrl } from './support/redis-env.js';
import { startUpstashServer, type UpstashServer } from './support/upstash-server.js';

// The suite runs through @upstash/redis against the Upstash-compatible server in front of the real Redis.
let server: UpstashServer | undefined;
beforeAll(async () => {
  server = await startUpstashServer(redisUrl());
});
afterAll(async () => {
  await server?.close();
});

const open = () => (prefix: string, feedRetention?: FeedRetention) => {
  if (!server) throw new Error('the Upstash-compatible test server did not start');
  return RedisStorageBackend.create({ url: server.url, token: server.token, prefix, feedRetention });
};

registerConformance('@upstash/redis', DEFAULT_PREFIX, open);
registerConformance('@upstash/redis', '{flags}:', open);
