/**
 * No secret leaks through a StorageError, whatever the real client puts in its own error: a wrong
 * password or token, an unreachable server, a database the server does not have — over ioredis (against a
 * redis-server of our own with `--requirepass`) and @upstash/redis (against the Upstash-compatible
 * server in front of it). Each case runs with a strong secret and with the common word `redis`:
 * masking by where the text puts a credential gives the same message for both.
 */
import { StorageError } from '@flags/core';
import { errorTexts } from '@flags/testkit';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE, RedisStorageBackend } from '../src/index.js';
import { createIoRedisStorageBackend } from '../src/ioredis/index.js';
import { freePort, SpareRedis } from './support/spare-redis.js';
import { startUpstashServer, type UpstashServer } from './support/upstash-server.js';

const STRONG = 'Zq81-xkP0.strong';
const WORD = 'redis';
const RIGHT = 'the-right-one';
let redis: SpareRedis;
let server: UpstashServer;
let closedPort = 0;

beforeAll(async () => {
  redis = new SpareRedis(await freePort(), RIGHT);
  await redis.start();
  server = await startUpstashServer(`redis://:${RIGHT}@127.0.0.1:${redis.port}`, RIGHT);
  closedPort = await freePort();
});
afterAll(async () => {
  await server?.close();
  await redis?.stop();
});

/** The StorageErrors of a read and a write, after checking that neither carries `secret` anywhere. */
async function failures(open: () => Promise<RedisStorageBackend>, secret: string): Promise<string[]> {
  const backend = await open();
  const errors: unknown[] = [];
  try {
    errors.push(
      await backend.getFlag('anything').then(
        () => undefined,
        (error: unknown) => error,
      ),
    );
    errors.push(
      await backend.createFlag({ key: 'anything' }).then(
        () => undefined,
        (error: unknown) => error,
      ),
    );
  } finally {
    await backend.close();
  }
  for (const error of errors) {
    expect(error).toBeInstanceOf(StorageError);
    for (const text of errorTexts(error)) expect(text).not.toContain(secret);
  }
  return errors.map((error) => (error as Error).message);
}

/** A message without what depends on timing: ioredis's Sentinel retry delay grows with each attempt. */
const withoutTiming = (message: string) =>
  message.replace(/Retrying from scratch after \d+ms/g, 'Retrying from scratch');

/** The messages with a strong secret and with the word `redis` are the same: only the credential was masked. */
async function expectMasked(open: (secret: string) => Promise<RedisStorageBackend>, shows: RegExp): Promise<string[]> {
  const strong = await failures(() => open(STRONG), STRONG);
  const common = await failures(() => open(WORD), `:${WORD}@`);
  expect(common.map(withoutTiming)).toStrictEqual(strong.map(withoutTiming));
  for (const message of strong) {
    expect(message.startsWith(`${PACKAGE} `)).toBe(true);
    expect(message).toMatch(shows);
  }
  return strong;
}

const ioredis =
  (url: string, prefix = 'mask:', timeoutMs = 2_000) =>
  async () =>
    createIoRedisStorageBackend({ url, prefix, timeoutMs, connectTimeoutMs: Math.min(timeoutMs, 1_000) });
const upstash = (url: string, token: string) => async () =>
  RedisStorageBackend.create({ url, token, prefix: 'mask:', retries: 0, timeoutMs: 2_000 });

describe('ioredis', () => {
  it('a wrong password', async () => {
    await expectMasked(
      (secret) => ioredis(`redis://:${secret}@127.0.0.1:${redis.port}`)(),
      /WRONGPASS|NOAUTH|invalid username-password/,
    );
  });

  it('an unreachable server', async () => {
    await expectMasked(
      (secret) => ioredis(`redis://:${secret}@127.0.0.1:${closedPort}`)(),
      new RegExp(`failed on redis://127\\.0\\.0\\.1:${closedPort}: Redis unreachable \\(connect ECONNREFUSED`),
    );
  });

  it('a database the server does not have (right password)', async () => {
    const admin = new Redis({ port: redis.port, password: RIGHT });
    try {
      await expectMasked(async (secret) => {
        await admin.config('SET', 'requirepass', secret);
        return ioredis(`redis://:${secret}@127.0.0.1:${redis.port}/99`)();
      }, /database 99 cannot be selected \(ERR DB index is out of range\)/);
    } finally {
      await admin.config('SET', 'requirepass', RIGHT);
      admin.disconnect();
    }
  });

  it('Sentinels and Cluster nodes that are down', async () => {
    const other = await freePort();
    await expectMasked(
      (secret) =>
        ioredis(`redis+sentinel://:${secret}@127.0.0.1:${closedPort},127.0.0.1:${other}/main`, 'mask:', 500)(),
      new RegExp(`failed on redis\\+sentinel://127\\.0\\.0\\.1:${closedPort},127\\.0\\.0\\.1:${other}/main: `),
    );
    await expectMasked(
      (secret) => ioredis(`redis+cluster://:${secret}@127.0.0.1:${closedPort},127.0.0.1:${other}`, '{mask}:', 500)(),
      new RegExp(`failed on redis\\+cluster://127\\.0\\.0\\.1:${closedPort},127\\.0\\.0\\.1:${other}: `),
    );
  });
});

describe('@upstash/redis', () => {
  it('a wrong token', async () => {
    await expectMasked(
      (token) => upstash(server.url, token)(),
      new RegExp(
        `failed on ${server.url.replace(/[.]/g, '\\.')}: Unauthorized: check the token \\(UPSTASH_REDIS_REST_TOKEN\\)`,
      ),
    );
  });

  it('an unreachable endpoint', async () => {
    await expectMasked(
      (token) => upstash(`http://127.0.0.1:${closedPort}`, token)(),
      /fetch failed|ECONNREFUSED|unreachable/i,
    );
  });
});
