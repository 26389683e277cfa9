/**
 * A real Redis server of our own (on a spare port, no persistence) is killed and restarted under a
 * registered provider: the SDK's status and events follow it, with no restart of the app, and the
 * last flags read keep being served while it is down.
 */
import type { StorageBackend } from '@flags/core';
import { createIoRedisStorageBackend } from '@flags/storage-redis/ioredis';
import { OpenFeature, ProviderEvents, ProviderStatus } from '@openfeature/server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, SpareRedis } from '../../storage-redis/test/support/spare-redis.js';
import { FlagsProvider } from '../src/index.js';
import { eventually } from './support/gated-storage.js';

const PASSWORD = 'pw-of15-outage';
let redis: SpareRedis;
const opened: StorageBackend[] = [];

beforeAll(async () => {
  redis = new SpareRedis(await freePort(), PASSWORD);
});
afterAll(async () => {
  await OpenFeature.clearProviders();
  for (const storage of opened) await storage.close();
  await redis.stop();
});

function openStorage(prefix: string): StorageBackend {
  const storage = createIoRedisStorageBackend({
    url: `redis://:${PASSWORD}@127.0.0.1:${redis.port}`,
    prefix,
    timeoutMs: 300,
  });
  opened.push(storage);
  return storage;
}

describe('Redis killed and restarted under the provider', () => {
  it('2.8.1, 5.3.2: READY → PROVIDER_STALE (last good flags still served) → PROVIDER_READY by itself', async () => {
    await redis.start();
    const storage = openStorage('outage:');
    await storage.createFlag({ key: 'checkout', defaultEnabled: true });
    const domain = 'outage';
    await OpenFeature.setProviderAndWait(
      domain,
      new FlagsProvider({ storage, pollMs: 50, timeoutMs: 500, staleAfterMs: 400 }),
    );
    const client = OpenFeature.getClient(domain);
    const events: string[] = [];
    for (const type of [ProviderEvents.Ready, ProviderEvents.Error, ProviderEvents.Stale]) {
      client.addHandler(type, () => {
        events.push(type);
      });
    }
    expect(events).toStrictEqual([ProviderEvents.Ready]); // 5.3.3: READY handlers added when ready run at once
    expect(await client.getBooleanValue('checkout', false)).toBe(true);

    await redis.stop();
    await eventually(() => client.providerStatus === ProviderStatus.STALE);
    expect(events).toStrictEqual([ProviderEvents.Ready, ProviderEvents.Stale]);
    // The last good snapshot is still served while the store is down.
    expect(await client.getBooleanDetails('checkout', false)).toMatchObject({ value: true, reason: 'STATIC' });

    await redis.start();
    await eventually(() => client.providerStatus === ProviderStatus.READY, 20_000);
    expect(events).toStrictEqual([ProviderEvents.Ready, ProviderEvents.Stale, ProviderEvents.Ready]);
    // The spare server kept nothing: the provider reloads and sees the flag gone, then written again.
    await eventually(async () => (await client.getBooleanDetails('checkout', false)).errorCode === 'FLAG_NOT_FOUND');
    await storage.createFlag({ key: 'checkout', defaultEnabled: true });
    await eventually(async () => (await client.getBooleanValue('checkout', false)) === true);
  });

  it('1.7.4, 2.4.2.1: a store down at registration → initialize fails, status ERROR; READY once it is up', async () => {
    await redis.stop();
    const storage = openStorage('outage-init:');
    const domain = 'outage-init';
    const client = OpenFeature.getClient(domain);
    const errors: string[] = [];
    client.addHandler(ProviderEvents.Error, (details) => {
      errors.push(details?.message ?? '');
    });
    await expect(
      OpenFeature.setProviderAndWait(domain, new FlagsProvider({ storage, pollMs: 50, timeoutMs: 300 })),
    ).rejects.toThrow(/\[@flags\/openfeature\] cannot load flags/);
    expect(client.providerStatus).toBe(ProviderStatus.ERROR);
    expect(errors).toHaveLength(1);
    expect(errors[0]).not.toContain(PASSWORD);

    await redis.start();
    await eventually(() => client.providerStatus === ProviderStatus.READY, 20_000);
    await storage.createFlag({ key: 'late', flagType: 'string', defaultValue: 'here' });
    // Served once the change feed carries the write (pushed over the subscription).
    await eventually(async () => (await client.getStringValue('late', 'fallback')) === 'here');
  });
});
