import { createServer, type Server } from 'node:net';
import { StorageError } from '@flags/core';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE, RedisStorageBackend } from '../src/index.js';
import { createIoRedisStorageBackend, ioredisCommands } from '../src/ioredis/index.js';
import { freePort, SpareRedis } from './support/spare-redis.js';
import { startUpstashServer, type UpstashServer } from './support/upstash-server.js';

const PASSWORD = 'pw-Zq81xkP0';
const TOKEN = 'tok-3nKd9wQa';
let redis: SpareRedis;
let server: UpstashServer;
const opened: RedisStorageBackend[] = [];

beforeAll(async () => {
  redis = new SpareRedis(await freePort(), PASSWORD);
  await redis.start();
  server = await startUpstashServer(`redis://:${PASSWORD}@127.0.0.1:${redis.port}`, TOKEN);
});
afterAll(async () => {
  for (const backend of opened) await backend.close();
  await server?.close();
  await redis?.stop();
});

async function backends(password = PASSWORD, token = TOKEN): Promise<[string, RedisStorageBackend][]> {
  const io = createIoRedisStorageBackend({ url: `redis://:${password}@127.0.0.1:${redis.port}`, prefix: 'io:' });
  const up = await RedisStorageBackend.create({ url: server.url, token, prefix: 'up:', retries: 1 });
  opened.push(io, up);
  return [
    ['ioredis', io],
    ['upstash', up],
  ];
}

/** Asserts the call fails as a StorageError from this package that gives away no secret. */
async function expectStorageError(call: Promise<unknown>, ...secrets: string[]): Promise<void> {
  const error = await call.then(
    () => new Error('expected the call to fail'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StorageError);
  const message = (error as Error).message;
  expect(message.startsWith(PACKAGE)).toBe(true);
  for (const secret of secrets) expect(message).not.toContain(secret);
}

async function eventually(check: () => Promise<boolean>, limitMs = 15_000): Promise<void> {
  const until = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`still failing after ${limitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('when Redis goes away and comes back', () => {
  it('fails in bounded time with StorageError, reports unhealthy, then works again on the same instance', async () => {
    const all = await backends();
    for (const [, backend] of all) await backend.createFlag({ key: 'before.outage' });

    await redis.stop();
    for (const [name, backend] of all) {
      const started = Date.now();
      await expectStorageError(backend.getFlag('before.outage'), PASSWORD, TOKEN);
      await expectStorageError(backend.createFlag({ key: 'during.outage' }), PASSWORD, TOKEN);
      expect(await backend.healthCheck(), name).toBe(false);
      // Bounded: a few short retries, never an endless wait (the limit is generous on purpose).
      expect(Date.now() - started, name).toBeLessThan(10_000);
    }

    await redis.start();
    for (const [name, backend] of all) {
      await eventually(() => backend.healthCheck());
      // Nothing is persisted by the spare server: the data is gone, the backend works.
      await backend.createFlag({ key: `after.outage.${name}` });
      expect((await backend.getFlag(`after.outage.${name}`))?.key).toBe(`after.outage.${name}`);
    }
  });
});

describe('when credentials are wrong', () => {
  it('fails with StorageError whose message masks the password or token', async () => {
    const wrong = ['wrong-pw-8Hq', 'wrong-tok-2Lx'];
    for (const [name, backend] of await backends(wrong[0], wrong[1])) {
      await expectStorageError(backend.getFlag('x'), ...wrong, PASSWORD, TOKEN);
      expect(await backend.healthCheck(), name).toBe(false);
    }
  });

  it('fails with StorageError when the REST endpoint does not answer at all', async () => {
    const backend = await RedisStorageBackend.create({ url: `http://127.0.0.1:${await freePort()}`, token: TOKEN });
    opened.push(backend);
    await expectStorageError(backend.getAllFlags(), TOKEN);
    expect(await backend.healthCheck()).toBe(false);
  });
});

describe('when Redis accepts connections but never answers', () => {
  it('fails each call with StorageError after timeoutMs, through either client', async () => {
    // A real socket that swallows every byte: the hang a real Redis cannot be made to produce on demand.
    const silent: Server = createServer((socket) => socket.on('data', () => {}));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    const io = new Redis({ host: '127.0.0.1', port, maxRetriesPerRequest: 1, lazyConnect: true });
    io.on('error', () => {});
    try {
      const tcp = new RedisStorageBackend({ commands: ioredisCommands(io), timeoutMs: 300 });
      const http = await RedisStorageBackend.create({
        url: `http://127.0.0.1:${port}`,
        token: TOKEN,
        timeoutMs: 300,
        retries: 0,
      });
      opened.push(http);
      for (const backend of [tcp, http]) {
        await expectStorageError(backend.getFlag('x'), TOKEN);
        expect(await backend.healthCheck()).toBe(false);
      }
    } finally {
      io.disconnect();
      silent.close();
    }
  });
});
