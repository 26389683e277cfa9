/**
 * A failure through ioredis says where (the URL's hosts, never its password) and what to check:
 * an unreachable server, a host that does not resolve, a server that never answers, a database the
 * server does not have (ioredis itself would carry on with database 0), Sentinels and Cluster nodes
 * that are down, and a master name the real Sentinels do not know.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { StorageError } from '@flags/core';
import { errorTexts } from '@flags/testkit';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE, type RedisStorageBackend } from '../src/index.js';
import { createIoRedisStorageBackend, ioredisCommands } from '../src/ioredis/index.js';
import { freePort, SpareRedis } from './support/spare-redis.js';
import { useSentinel } from './support/topologies.js';

const PASSWORD = 'Zq81-xkP0.strong';
const opened: RedisStorageBackend[] = [];
let silent: Server;
let silentPort = 0;
const silentSockets = new Set<Socket>();

beforeAll(async () => {
  // Accepts connections and never answers.
  silent = createServer((socket) => {
    silentSockets.add(socket);
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  silentPort = (silent.address() as { port: number }).port;
});
afterAll(async () => {
  for (const backend of opened) await backend.close();
  for (const socket of silentSockets) socket.destroy();
  await new Promise((resolve) => silent.close(resolve));
});

function open(url: string, prefix = 'msg:'): RedisStorageBackend {
  const backend = createIoRedisStorageBackend({ url, prefix, timeoutMs: 1_500, connectTimeoutMs: 1_000 });
  opened.push(backend);
  return backend;
}

/** The message of the StorageError `call` rejects with; it starts with the package and holds no password. */
async function failure(call: Promise<unknown>): Promise<string> {
  const error = await call.then(
    () => new Error('expected the call to fail'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StorageError);
  const message = (error as Error).message;
  expect(message.startsWith(`${PACKAGE} `)).toBe(true);
  for (const text of errorTexts(error)) expect(text).not.toContain(PASSWORD);
  return message;
}

describe('one server', () => {
  it('unreachable: names host:port, the connection error and what to check', async () => {
    const port = await freePort();
    const message = await failure(open(`redis://:${PASSWORD}@127.0.0.1:${port}`).getFlag('a'));
    expect(message).toBe(
      `${PACKAGE} reading flag "a" failed on redis://127.0.0.1:${port}: Redis unreachable (connect ECONNREFUSED 127.0.0.1:${port}): check the host and port in the URL and that the server is up`,
    );
  });

  it('a host that does not resolve: names it', async () => {
    const message = await failure(open(`redis://:${PASSWORD}@no-such-host.invalid:6379`).getFlag('a'));
    expect(message).toMatch(
      /failed on redis:\/\/no-such-host\.invalid:6379: Redis unreachable \(.*no-such-host\.invalid.*\): check the host and port/,
    );
  });

  it('a server that never answers: names host:port, the time waited and what to do', async () => {
    const message = await failure(open(`redis://:${PASSWORD}@127.0.0.1:${silentPort}`).getFlag('a'));
    expect(message).toBe(
      `${PACKAGE} reading flag "a" failed on redis://127.0.0.1:${silentPort}: no answer within 1500 ms: check the host and port in the URL and that the server is up (a busy server may need a larger timeoutMs)`,
    );
  });

  describe('a server with a password', () => {
    let redis: SpareRedis;
    beforeAll(async () => {
      redis = new SpareRedis(await freePort(), PASSWORD);
      await redis.start();
    });
    afterAll(() => redis?.stop());

    it('a wrong password: says what to check', async () => {
      const message = await failure(open(`redis://:wrong-one@127.0.0.1:${redis.port}`).getFlag('a'));
      expect(message).toBe(
        `${PACKAGE} reading flag "a" failed on redis://127.0.0.1:${redis.port}: WRONGPASS invalid username-password pair or user is disabled.: check the user name and password in the URL (its user:password@ part)`,
      );
    });

    it('no password: says the server needs one', async () => {
      const message = await failure(open(`redis://127.0.0.1:${redis.port}`).getFlag('a'));
      expect(message).toBe(
        `${PACKAGE} reading flag "a" failed on redis://127.0.0.1:${redis.port}: NOAUTH Authentication required.: the server needs a password: give it in the URL as :password@ before the host`,
      );
    });
  });

  describe('a database the server does not have', () => {
    let redis: SpareRedis;
    let admin: Redis;
    beforeAll(async () => {
      redis = new SpareRedis(await freePort(), PASSWORD);
      await redis.start();
      admin = new Redis({ port: redis.port, password: PASSWORD });
    });
    afterAll(async () => {
      admin?.disconnect();
      await redis?.stop();
    });

    it('fails every call naming the database, and nothing is written to database 0', async () => {
      const backend = open(`redis://:${PASSWORD}@127.0.0.1:${redis.port}/99`);
      const read = await failure(backend.getFlag('a'));
      expect(read).toBe(
        `${PACKAGE} reading flag "a" failed on redis://127.0.0.1:${redis.port}/99: database 99 cannot be selected (ERR DB index is out of range): the server has fewer databases; check the /<db> at the end of the URL`,
      );
      expect(await failure(backend.createFlag({ key: 'a' }))).toContain('database 99 cannot be selected');
      expect(await admin.dbsize()).toBe(0);
    });
  });
});

describe('a client shared by many backends', () => {
  it('is watched once: no listener piles up per backend', () => {
    const client = new Redis({ lazyConnect: true });
    const before = client.listenerCount('error');
    for (let i = 0; i < 20; i++) ioredisCommands(client);
    expect(client.listenerCount('error') - before).toBe(1);
    client.disconnect();
  });
});

describe('Sentinel and Cluster', () => {
  it('Sentinels that are down: names them and the master', async () => {
    const [a, b] = [await freePort(), await freePort()];
    const message = await failure(
      open(`redis+sentinel://:${PASSWORD}@127.0.0.1:${a},127.0.0.1:${b}/mymaster`).getFlag('a'),
    );
    expect(message).toContain(`failed on redis+sentinel://127.0.0.1:${a},127.0.0.1:${b}/mymaster: `);
    expect(message).toMatch(/All sentinels are unreachable/);
    expect(message).toMatch(/check the Sentinel hosts and the master name in the URL/);
  });

  it('Cluster nodes that are down: names them', async () => {
    const [a, b] = [await freePort(), await freePort()];
    const message = await failure(
      open(`redis+cluster://:${PASSWORD}@127.0.0.1:${a},127.0.0.1:${b}`, '{msg}:').getFlag('a'),
    );
    expect(message).toContain(`failed on redis+cluster://127.0.0.1:${a},127.0.0.1:${b}: `);
    expect(message).toMatch(/no answer from Redis within 2500 ms: check that the server is up and reachable/);
  });

  describe('real Sentinels', () => {
    const sentinel = useSentinel();

    it('a master name they do not know: names it and the Sentinels', async () => {
      const url = sentinel.url().replace(/\/[^/]+(\/\d+)?$/, '/no-such-master');
      const hosts = /^redis\+sentinel:\/\/(?:[^@]*@)?([^/]+)\//.exec(url)?.[1];
      const message = await failure(open(url).getFlag('a'));
      expect(message).toContain(`failed on redis+sentinel://${hosts}/no-such-master: `);
      expect(message).toMatch(/No such master with that name/);
      expect(message).toMatch(/check the Sentinel hosts and the master name in the URL/);
    });
  });
});
