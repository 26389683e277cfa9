import { encodeModel } from '@flags/core';
import { Redis as Upstash } from '@upstash/redis';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PREFIX, RedisStorageBackend } from '../src/index.js';
import { CLIENTS, useTestClients } from './support/clients.js';
import { keySlot } from './support/key-slot.js';
import { deleteKeysUnder, keysUnder, uniqueSuffix } from './support/redis-env.js';

const env = useTestClients();

describe.each(CLIENTS)('key layout (%s)', (kind) => {
  it('follows DESIGN §6: flag:<key> JSON, flags SET, override:<flagId>:<entityType>:<entityId>', async () => {
    const backend = env.open(kind, `layout-${kind}`);
    const p = backend.prefix;
    const flag = await backend.createFlag({ key: 'layout.flag', status: 'inactive' });
    const override = await backend.upsertOverride({ flagId: flag.id, entityType: 'user', entityId: 'u:1' });
    // The flag document carries its format first (see the package README, "Stored format").
    expect(await env.redis.get(`${p}flag:layout.flag`)).toBe(`{"format":2,${encodeModel(flag).slice(1)}`);
    expect(await env.redis.type(`${p}flags`)).toBe('set');
    expect(await env.redis.smembers(`${p}flags`)).toEqual(['layout.flag']);
    expect(await env.redis.smembers(`${p}flags_active`)).toEqual([]);
    expect(await env.redis.get(`${p}flag_id:${flag.id}`)).toBe('layout.flag');
    expect(await env.redis.get(`${p}override:${flag.id}:user:u:1`)).toBe(encodeModel(override));
    expect(await env.redis.get(`${p}override_id:${override.id}`)).toBe(`override:${flag.id}:user:u:1`);
  });

  it('escapes ":" and "%" in the entity type so two overrides never share a key', async () => {
    const backend = env.open(kind, `escape-${kind}`);
    const flag = await backend.createFlag({ key: 'escape.flag' });
    await backend.upsertOverride({ flagId: flag.id, entityType: 'a:b', entityId: 'c', value: 'first' });
    await backend.upsertOverride({ flagId: flag.id, entityType: 'a', entityId: 'b:c', value: 'second' });
    await backend.upsertOverride({ flagId: flag.id, entityType: '50%', entityId: 'x', value: 'third' });
    expect(await env.redis.exists(`${backend.prefix}override:${flag.id}:a%3Ab:c`)).toBe(1);
    expect(await env.redis.exists(`${backend.prefix}override:${flag.id}:50%25:x`)).toBe(1);
    const values = (await backend.listOverrides(flag.id)).map((o) => o.value);
    expect(values).toEqual(['third', 'second', 'first']);
  });

  it('gives an override with expiresAt a Redis TTL, and drops it when it expires', async () => {
    const backend = env.open(kind, `ttl-${kind}`);
    const flag = await backend.createFlag({ key: 'ttl.flag' });
    const p = backend.prefix;
    const hour = await backend.upsertOverride({
      flagId: flag.id,
      entityType: 'user',
      entityId: 'hour',
      expiresAt: new Date(Date.now() + 3_600_000),
    });
    for (const key of [`${p}override:${flag.id}:user:hour`, `${p}override_id:${hour.id}`]) {
      const ttl = await env.redis.pttl(key);
      expect(ttl).toBeGreaterThan(3_500_000);
      expect(ttl).toBeLessThanOrEqual(3_600_000);
    }
    await backend.upsertOverride({ flagId: flag.id, entityType: 'user', entityId: 'hour' });
    expect(await env.redis.pttl(`${p}override:${flag.id}:user:hour`)).toBe(-1);

    await backend.upsertOverride({
      flagId: flag.id,
      entityType: 'user',
      entityId: 'soon',
      expiresAt: new Date(Date.now() + 1000),
    });
    expect(await backend.getOverride(flag.id, 'user', 'soon')).not.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await backend.getOverride(flag.id, 'user', 'soon')).toBeNull();
    expect(await backend.getOverrides(flag.id, [{ entityType: 'user', entityId: 'soon' }])).toEqual([]);
    expect((await backend.listOverrides(flag.id)).map((o) => o.entityId)).toEqual(['hour']);
    expect(await env.redis.exists(`${p}override:${flag.id}:user:soon`)).toBe(0);
  });
});

describe('prefix', () => {
  it(`defaults to "${DEFAULT_PREFIX}"`, async () => {
    const upstash = new Upstash({ url: env.server.url, token: env.server.token, enableTelemetry: false });
    const backend = new RedisStorageBackend({ redis: upstash });
    expect(backend.prefix).toBe(DEFAULT_PREFIX);
    const hadRevision = await env.redis.exists(`${DEFAULT_PREFIX}revision`);
    const key = uniqueSuffix('default-prefix').replace(/^t/, 'T');
    try {
      await backend.createFlag({ key });
      expect(await env.redis.exists(`${DEFAULT_PREFIX}flag:${key}`)).toBe(1);
    } finally {
      await backend.deleteFlag(key);
      if (!hadRevision) await env.redis.del(`${DEFAULT_PREFIX}revision`);
    }
    expect(await env.redis.exists(`${DEFAULT_PREFIX}flag:${key}`)).toBe(0);
  });

  it('keeps every key of a hash-tagged prefix in one cluster slot', async () => {
    const prefix = `{flags}:${env.root}`;
    const backend = new RedisStorageBackend({ commands: env.commands('ioredis'), prefix });
    try {
      const flag = await backend.createFlag({ key: 'slot.flag' });
      await backend.upsertOverride({ flagId: flag.id, entityType: 'user', entityId: 'u' });
      await backend.createScheduledChange({ flagId: flag.id, changeType: 'enable', scheduledAt: new Date() });
      const keys = await keysUnder(env.redis, prefix);
      expect(keys.length).toBeGreaterThan(5);
      expect(keySlot('{flags}:x')).toBe(12971);
      expect(new Set(keys.map(keySlot))).toEqual(new Set([keySlot('{flags}:x')]));
      // The same keys without the tag would spread over many slots: the assertion above can fail.
      expect(new Set(keys.map((key) => keySlot(key.replace('{flags}', 'flags')))).size).toBeGreaterThan(1);
    } finally {
      await deleteKeysUnder(env.redis, prefix);
    }
  });
});
