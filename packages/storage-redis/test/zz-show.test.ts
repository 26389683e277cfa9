import { createServer } from 'node:net';
import { it } from 'vitest';
import { createIoRedisStorageBackend } from '../src/ioredis/index.js';
import { freePort } from './support/spare-redis.js';

it('show', async () => {
  const closed = await freePort();
  const closed2 = await freePort();
  const silent = createServer(() => {});
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  const sp = (silent.address() as { port: number }).port;
  const urls = [
    `redis://:pw@127.0.0.1:${closed}`,
    `redis://:pw@127.0.0.1:${sp}`,
    `redis://:pw@no-such-host.invalid:6379`,
    `redis+sentinel://:pw@127.0.0.1:${closed},127.0.0.1:${closed2}/mymaster`,
    `redis+cluster://:pw@127.0.0.1:${closed},127.0.0.1:${closed2}`,
    `redis://:pw@127.0.0.1:6379/99`,
  ];
  for (const url of urls) {
    const b = createIoRedisStorageBackend({ url, prefix: '{t}:', connectTimeoutMs: 1000, timeoutMs: 1500 });
    const t = Date.now();
    const r = await b.getFlag('x').then(
      (v) => `ok ${v}`,
      (e) => e.message,
    );
    console.log('>>', Date.now() - t, 'ms', r);
    await b.close();
  }
  silent.close();
}, 60000);
