import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { liveOutageScenario } from '@flags/testkit';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { RedisStorageBackend } from '../src/index.js';
import { createIoRedisStorageBackend } from '../src/ioredis/index.js';
import { freePort, SpareRedis } from './support/spare-redis.js';
import { startUpstashServer, type UpstashServer } from './support/upstash-server.js';

const PASSWORD = 'pw-live-7Hq2';
const dataDir = mkdtempSync(join(tmpdir(), 'flags-live-redis-'));
let redis: SpareRedis;
let server: UpstashServer;

beforeAll(async () => {
  // Append-only file, synced on every write: the restarted server has the data the killed one had.
  redis = new SpareRedis(await freePort(), PASSWORD, dataDir);
  await redis.start();
  server = await startUpstashServer(`redis://:${PASSWORD}@127.0.0.1:${redis.port}`, 'tok-live');
});
afterAll(async () => {
  await server?.close();
  await redis?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a live client while Redis is killed and restarted', () => {
  it('ioredis: serves the last good values throughout, fresh ones after, without a restart', async () => {
    await liveOutageScenario({
      open: async () =>
        createIoRedisStorageBackend({ url: `redis://:${PASSWORD}@127.0.0.1:${redis.port}`, prefix: 'live-io:' }),
      stop: () => redis.stop(),
      start: () => redis.start(),
    });
  }, 90_000);

  it('Upstash: serves the last good values throughout, fresh ones after, without a restart', async () => {
    await liveOutageScenario({
      open: () => RedisStorageBackend.create({ url: server.url, token: 'tok-live', prefix: 'live-up:', retries: 1 }),
      stop: () => redis.stop(),
      start: () => redis.start(),
    });
  }, 90_000);
});
