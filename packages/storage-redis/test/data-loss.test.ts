import { type FeatureFlag, LiveFlagClient, type StorageBackend } from '@flags/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RedisStorageBackend } from '../src/index.js';
import { createIoRedisStorageBackend } from '../src/ioredis/index.js';
import { freePort, SpareRedis } from './support/spare-redis.js';
import { startUpstashServer, type UpstashServer } from './support/upstash-server.js';

// A redis-server of our own without persistence: restarting it loses every key, `feed_head` included,
// the way a restart without an append-only file, FLUSHDB or a failover to an empty replica does.
const PASSWORD = 'pw-loss-4Rt8';
const TOKEN = 'tok-loss';
let redis: SpareRedis;
let server: UpstashServer;
const opened: StorageBackend[] = [];
const clients: LiveFlagClient[] = [];

beforeAll(async () => {
  redis = new SpareRedis(await freePort(), PASSWORD);
  await redis.start();
  server = await startUpstashServer(`redis://:${PASSWORD}@127.0.0.1:${redis.port}`, TOKEN);
});
afterEach(async () => {
  for (const client of clients.splice(0)) await client.close();
  for (const backend of opened.splice(0)) await backend.close();
});
afterAll(async () => {
  await server?.close();
  await redis?.stop();
});

let prefixes = 0;
const prefix = () => `loss-${++prefixes}:`;

async function ioredis(at: string): Promise<StorageBackend> {
  const backend = await createIoRedisStorageBackend({
    url: `redis://:${PASSWORD}@127.0.0.1:${redis.port}`,
    prefix: at,
  });
  opened.push(backend);
  return backend;
}

/** Over the HTTP API: no push, so the live client reads the feed only when asked to. */
async function upstash(at: string): Promise<StorageBackend> {
  const backend = await RedisStorageBackend.create({ url: server.url, token: TOKEN, prefix: at, retries: 1 });
  opened.push(backend);
  return backend;
}

async function head(backend: StorageBackend): Promise<number> {
  return (await backend.getChanges(Number.MAX_SAFE_INTEGER)).revision;
}

async function loseEverything(): Promise<void> {
  await redis.stop();
  await redis.start();
}

/** Writes `count` changes in one write: overrides of `flag`, in one batch. */
async function manyChanges(backend: StorageBackend, flag: FeatureFlag, count: number): Promise<void> {
  const overrides = Array.from({ length: count }, (_, i) => ({
    flagId: flag.id,
    entityType: 'user',
    entityId: `u${i}`,
    value: flag.defaultValue,
  }));
  await backend.upsertOverrides!(overrides);
}

async function writeBefore(backend: StorageBackend, key: string): Promise<FeatureFlag> {
  let flag = await backend.createFlag({ key, flagType: 'string', defaultValue: 'before' });
  for (let i = 0; i < 5; i++) flag = await backend.updateFlag({ ...flag, description: `edit ${i}` });
  return flag;
}

describe('a Redis that loses its data', () => {
  it('answers reset to a reader from before the loss, even once new writes pass its revision', async () => {
    const at = prefix();
    const writer = await ioredis(at);
    await writeBefore(writer, 'k');
    const seen = await head(writer);
    await loseEverything();
    expect(await writer.getChanges(seen)).toMatchObject({ reset: true });
    const flag = await writer.createFlag({ key: 'k', flagType: 'string', defaultValue: 'after' });
    await manyChanges(writer, flag, 20);
    expect(await head(writer)).toBeGreaterThan(seen);
    expect(await writer.getChanges(seen)).toMatchObject({ reset: true });
    // A reader that reloaded follows the new feed as usual.
    const now = await head(writer);
    const later = await writer.updateFlag({ ...flag, defaultValue: 'later' });
    const batch = await writer.getChanges(now);
    if (batch.reset) expect.fail('a reader at the head after the loss was told to reset');
    expect(batch.changes.map((c) => c.id)).toStrictEqual([later.id]);
  }, 30_000);

  it('a live client that slept through the loss reloads and serves the data written after it', async () => {
    const at = prefix();
    const writer = await ioredis(at);
    await writeBefore(writer, 'k');
    await writer.createFlag({ key: 'gone', flagType: 'boolean', defaultValue: true });
    const client = new LiveFlagClient({ storage: await upstash(at), pollMs: 600_000, timeoutMs: 5000 });
    clients.push(client);
    await client.ready();
    expect(await client.getStringValue('k', 'x')).toBe('before');
    const held = client.status().revision!;
    await loseEverything();
    // Everything written after the loss, past the revision the client holds, before it looks again.
    const flag = await writer.createFlag({ key: 'k', flagType: 'string', defaultValue: 'after' });
    await manyChanges(writer, flag, 20);
    expect(await head(writer)).toBeGreaterThan(held);
    await client.refresh();
    expect(client.getStringValueSync('k', 'x')).toBe('after');
    expect(client.peekFlag('gone'), 'a flag lost with the data is gone').toBeUndefined();
    expect(client.status().revision).toBe(await head(writer));
  }, 30_000);

  it('a live client with push (ioredis) reloads after the restart and serves the new data', async () => {
    const at = prefix();
    const writer = await ioredis(at);
    await writeBefore(writer, 'k');
    const client = new LiveFlagClient({ storage: await ioredis(at), pollMs: 100, retryMs: 50, maxRetryMs: 200 });
    clients.push(client);
    await client.ready();
    expect(await client.getStringValue('k', 'x')).toBe('before');
    await loseEverything();
    const flag = await writer.createFlag({ key: 'k', flagType: 'string', defaultValue: 'after' });
    await manyChanges(writer, flag, 20);
    const deadline = Date.now() + 10_000;
    while (client.getStringValueSync('k', 'x') !== 'after') {
      if (Date.now() > deadline) expect.fail('the live client still serves the value lost with the data');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }, 30_000);
});
