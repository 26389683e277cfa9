import { Redis as Upstash } from '@upstash/redis';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deleteKeysUnder, redisUrl, uniqueSuffix, useTestRedis } from './support/redis-env.js';
import { startUpstashServer, type UpstashServer } from './support/upstash-server.js';

// The test server must speak the protocol @upstash/redis speaks, or the backend's Upstash suites prove
// nothing: these tests pin it down with raw HTTP and with the real client.
let server: UpstashServer;
const prefix = `${uniqueSuffix('upstash-server')}:`;
const test = useTestRedis((r) => deleteKeysUnder(r, prefix));
let redis: Redis;

beforeAll(async () => {
  server = await startUpstashServer(redisUrl());
});
beforeEach(() => {
  redis = test.redis;
});
afterAll(async () => {
  await server?.close();
});

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as unknown };
}

const b64 = (text: string) => Buffer.from(text).toString('base64');

describe('Upstash-compatible test server', () => {
  it('answers a single command and encodes strings as base64 only when asked', async () => {
    await redis.set(`${prefix}k`, 'héllo ✓');
    expect(await post('/', ['GET', `${prefix}k`])).toEqual({ status: 200, body: { result: 'héllo ✓' } });
    expect(await post('/', ['GET', `${prefix}k`], { 'Upstash-Encoding': 'base64' })).toEqual({
      status: 200,
      body: { result: b64('héllo ✓') },
    });
  });

  it('keeps OK as is, integers as numbers, nil as null and HGETALL as a flat array under base64', async () => {
    const enc = { 'Upstash-Encoding': 'base64' };
    expect((await post('/', ['SET', `${prefix}a`, '1'], enc)).body).toEqual({ result: 'OK' });
    expect((await post('/', ['INCR', `${prefix}a`], enc)).body).toEqual({ result: 2 });
    expect((await post('/', ['GET', `${prefix}missing`], enc)).body).toEqual({ result: null });
    expect((await post('/', ['PING'], enc)).body).toEqual({ result: b64('PONG') });
    await redis.hset(`${prefix}h`, 'f', 'v');
    expect((await post('/', ['HGETALL', `${prefix}h`], enc)).body).toEqual({ result: [b64('f'), b64('v')] });
  });

  it('serves /pipeline with one entry per command and errors in place', async () => {
    const { status, body } = await post('/pipeline', [
      ['SET', `${prefix}p`, 'x'],
      ['INCR', `${prefix}p`],
      ['GET', `${prefix}p`],
    ]);
    expect(status).toBe(200);
    expect(body).toEqual([{ result: 'OK' }, { error: 'ERR value is not an integer or out of range' }, { result: 'x' }]);
  });

  it('serves /multi-exec atomically, and aborts the whole transaction on a queueing error', async () => {
    const { body } = await post('/multi-exec', [
      ['SET', `${prefix}m`, '1'],
      ['INCR', `${prefix}m`],
    ]);
    expect(body).toEqual([{ result: 'OK' }, { result: 2 }]);
    const aborted = await post('/multi-exec', [['SET', `${prefix}m`, '5'], ['NOSUCHCOMMAND']]);
    expect(aborted.status).toBe(400);
    expect(String((aborted.body as { error: string }).error)).toMatch(/^EXECABORT/);
    expect(await redis.get(`${prefix}m`)).toBe('2');
  });

  it('passes Redis errors through as HTTP 400 with the error text', async () => {
    await redis.set(`${prefix}s`, 'text');
    expect(await post('/', ['LPUSH', `${prefix}s`, 'x'])).toEqual({
      status: 400,
      body: { error: 'WRONGTYPE Operation against a key holding the wrong kind of value' },
    });
  });

  it('refuses requests without the Bearer token', async () => {
    expect((await post('/', ['PING'], { authorization: 'Bearer wrong' })).status).toBe(401);
    const res = await fetch(server.url, { method: 'POST', body: '["PING"]' });
    expect(res.status).toBe(401);
  });

  it('works with @upstash/redis: commands, pipeline, transaction, scripts and errors', async () => {
    const client = new Upstash({ url: server.url, token: server.token, enableTelemetry: false });
    await client.set(`${prefix}u`, 'ünïcode');
    expect(await client.get(`${prefix}u`)).toBe('ünïcode');
    expect(await client.eval('return {ARGV[1], 7, false}', [], ['✓ ok'])).toEqual(['✓ ok', 7, null]);
    expect(await client.pipeline().set(`${prefix}v`, 'a').get(`${prefix}v`).exec()).toEqual(['OK', 'a']);
    expect(await client.multi().incr(`${prefix}w`).incr(`${prefix}w`).exec()).toEqual([1, 2]);
    await expect(client.lpush(`${prefix}u`, 'x')).rejects.toThrow(/WRONGTYPE/);
    const denied = new Upstash({ url: server.url, token: 'nope', enableTelemetry: false, retry: false });
    await expect(denied.get(`${prefix}u`)).rejects.toThrow(/Unauthorized/);
  });

  it('hands @upstash/redis strings that look like JSON, which its default deserialisation parses', async () => {
    const client = new Upstash({ url: server.url, token: server.token, enableTelemetry: false });
    await redis.set(`${prefix}n2`, '42');
    // What the backend must avoid: the client's default turns the stored string "42" into a number.
    expect(await client.get(`${prefix}n2`)).toBe(42);
    const raw = new Upstash({ url: server.url, token: server.token, automaticDeserialization: false });
    expect(await raw.get(`${prefix}n2`)).toBe('42');
  });
});
