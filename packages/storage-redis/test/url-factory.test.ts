import { StorageError, ValidationError } from '@flags/core';
import { afterEach, describe, expect, it } from 'vitest';
import { parseRedisUrl } from '../src/connect/url.js';
import { RedisStorageBackend } from '../src/index.js';
import { createIoRedisStorageBackend } from '../src/ioredis/index.js';
import { openTcpClient } from '../src/tcp/node.js';
import { openTcpClient as openWithoutSockets } from '../src/tcp/unavailable.js';
import { useTestClients } from './support/clients.js';
import { redisUrl } from './support/redis-env.js';

const env = useTestClients();
const opened: RedisStorageBackend[] = [];
afterEach(async () => {
  for (const backend of opened.splice(0)) await backend.close();
});

async function refusedWith(make: () => unknown): Promise<Error> {
  try {
    await make();
  } catch (error) {
    return error as Error;
  }
  throw new Error('it was accepted');
}

describe('parseRedisUrl', () => {
  it.each([
    ['https://eu1-fine-cat.upstash.io', { kind: 'rest', url: 'https://eu1-fine-cat.upstash.io' }],
    ['redis://:pw@10.0.0.1:6380/2', { kind: 'single', url: 'redis://:pw@10.0.0.1:6380/2', password: 'pw' }],
    ['rediss://cache.example.com', { kind: 'single', url: 'rediss://cache.example.com' }],
    [
      'redis+sentinel://s1:26379,s2:26380,s3/mymaster/3',
      {
        kind: 'sentinel',
        sentinels: [
          { host: 's1', port: 26379 },
          { host: 's2', port: 26380 },
          { host: 's3', port: 26379 },
        ],
        masterName: 'mymaster',
        db: 3,
      },
    ],
    [
      'redis+sentinel://app:p%40ss@[::1]:26379/main',
      {
        kind: 'sentinel',
        sentinels: [{ host: '::1', port: 26379 }],
        masterName: 'main',
        db: 0,
        username: 'app',
        password: 'p@ss',
      },
    ],
    [
      'redis+cluster://:secret@n1:7000,n2:7001/',
      {
        kind: 'cluster',
        nodes: [
          { host: 'n1', port: 7000 },
          { host: 'n2', port: 7001 },
        ],
        password: 'secret',
      },
    ],
  ])('reads %s', (url, target) => {
    expect(parseRedisUrl(url)).toStrictEqual(target);
  });

  it.each([
    ['', 'must be a URL'],
    ['localhost:6379', 'scheme "localhost:"'],
    ['postgres://u:S3cretPW@db/app', 'scheme "postgres:"'],
    ['redis://:S3cretPW@', 'not a valid URL'],
    ['redis://:S3cretPW@host/zero', 'database "zero"'],
    ['redis+sentinel://:S3cretPW@s1:26379', '/<master name>[/db]'],
    ['redis+sentinel://:S3cretPW@s1:26379/m/1/x', '/<master name>[/db]'],
    ['redis+sentinel://:S3cretPW@s1:99999/m', '"s1:99999" is not host:port'],
    ['redis+cluster://:S3cretPW@n1:7000/3', 'no path'],
  ])('refuses %j with a ValidationError that shows the forms and hides the password', (url, rule) => {
    const error = (() => {
      try {
        parseRedisUrl(url);
      } catch (caught) {
        return caught as Error;
      }
      throw new Error('accepted');
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toMatch(/^\[@flags\/storage-redis\] invalid options: url: /);
    expect(error.message).toContain(rule);
    expect(error.message).not.toContain('S3cretPW');
    if (url) expect(error.message).toContain('redis+sentinel://');
  });
});

describe('RedisStorageBackend.create({ url })', () => {
  it('picks ioredis for redis:// and works end to end', async () => {
    const backend = await RedisStorageBackend.create({ url: redisUrl(), prefix: env.prefixOf('tcp') });
    opened.push(backend);
    await backend.createFlag({ key: 'via.url' });
    expect((await backend.getFlag('via.url'))?.key).toBe('via.url');
    expect(await env.redis.exists(`${env.prefixOf('tcp')}flag:via.url`)).toBe(1);
  });

  it('picks @upstash/redis for an https (or http) URL, with the token option', async () => {
    const backend = await RedisStorageBackend.create({
      url: env.server.url,
      token: env.server.token,
      prefix: env.prefixOf('rest'),
    });
    opened.push(backend);
    await backend.createFlag({ key: 'via.rest' });
    expect(await env.redis.exists(`${env.prefixOf('rest')}flag:via.rest`)).toBe(1);
  });

  it('takes the token from UPSTASH_REDIS_REST_TOKEN, and names both when neither is there', async () => {
    const saved = process.env.UPSTASH_REDIS_REST_TOKEN;
    try {
      delete process.env.UPSTASH_REDIS_REST_TOKEN;
      const error = await refusedWith(() => RedisStorageBackend.create({ url: env.server.url }));
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.message).toContain('pass `token` or set UPSTASH_REDIS_REST_TOKEN');
      process.env.UPSTASH_REDIS_REST_TOKEN = env.server.token;
      const backend = await RedisStorageBackend.create({ url: env.server.url, prefix: env.prefixOf('env') });
      opened.push(backend);
      expect(await backend.healthCheck()).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.UPSTASH_REDIS_REST_TOKEN;
      else process.env.UPSTASH_REDIS_REST_TOKEN = saved;
    }
  });

  it('refuses a Cluster URL without a hash-tagged prefix before connecting, showing the fix', async () => {
    // Nothing listens on port 1: the refusal must come from the options, not from a connection.
    for (const make of [
      () => RedisStorageBackend.create({ url: 'redis+cluster://127.0.0.1:1' }),
      () => createIoRedisStorageBackend({ url: 'redis+cluster://127.0.0.1:1', prefix: 'app:' }),
    ]) {
      const error = await refusedWith(make);
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.message).toContain("prefix: '{flags}:'");
    }
  });

  it('refuses waitForReplicas on an https URL, and bad store options before loading any client', async () => {
    const wait = await refusedWith(() =>
      RedisStorageBackend.create({ url: env.server.url, token: 't', waitForReplicas: 1 }),
    );
    expect(wait).toBeInstanceOf(ValidationError);
    expect(wait.message).toContain('waitForReplicas');
    const timeout = await refusedWith(() => RedisStorageBackend.create({ url: redisUrl(), timeoutMs: -5 }));
    expect(timeout).toBeInstanceOf(ValidationError);
  });

  it('keeps createIoRedisStorageBackend for TCP URLs and points https users to create()', async () => {
    const error = await refusedWith(() => createIoRedisStorageBackend({ url: 'https://x.upstash.io' }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toContain('RedisStorageBackend.create({ url, token })');
  });
});

describe('loading the TCP client', () => {
  const target = { kind: 'single', url: 'redis://127.0.0.1:1' } as const;

  it('names the package to install when ioredis is missing', async () => {
    // The real failure of importing a package that is not installed.
    const missing = () => import(`ioredis-not-installed-${Date.now()}`);
    const error = await refusedWith(() => openTcpClient(target, {}, missing));
    expect(error).toBeInstanceOf(StorageError);
    expect(error.message).toContain('npm install ioredis');
  });

  it('refuses TCP URLs with the fix on runtimes without sockets (the edge build of the import)', async () => {
    const error = await refusedWith(() => openWithoutSockets(target, {}));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toContain('use an https:// Upstash URL');
  });
});
