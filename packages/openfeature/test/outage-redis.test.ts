/**
 * A real Redis server of our own (on a spare port, no persistence) is killed and restarted under a
 * registered provider: the SDK's status and events follow it, with no restart of the app.
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
  it('2.8.1, 5.1.5, 5.3.2: READY → PROVIDER_ERROR (status ERROR) → PROVIDER_READY (status READY) by itself', async () => {
    await redis.start();
    const storage = openStorage('outage:');
    await storage.createFlag({ key: 'checkout', defaultEnabled: true });
    const domain = 'outage';
    await OpenFeature.setProviderAndWait(domain, new FlagsProvider({ storage, pollMs: 50, timeoutMs: 500 }));
    const client = OpenFeature.getClient(domain);
    const events: string[] = [];
    const errorCodes: unknown[] = [];
    for (const type of [ProviderEvents.Ready, ProviderEvents.Error, ProviderEvents.ConfigurationChanged]) {
      client.addHandler(type, (details) => {
        events.push(type);
        if (type === ProviderEvents.Error) errorCodes.push(details?.errorCode);
      });
    }
    expect(events).toStrictEqual([ProviderEvents.Ready]); // 5.3.3: READY handlers added when ready run at once
    expect(await client.getBooleanValue('checkout', false)).toBe(true);

    await redis.stop();
    await eventually(() => client.providerStatus === ProviderStatus.ERROR);
    expect(events.filter((e) => e === ProviderEvents.Error)).toHaveLength(1);
    expect(errorCodes).toStrictEqual(['GENERAL']); // 5.1.5
    // Evaluation never throws: the caller's default with ERROR.
    expect(await client.getBooleanDetails('checkout', false)).toMatchObject({ value: false, reason: 'ERROR' });

    await redis.start();
    await eventually(() => client.providerStatus === ProviderStatus.READY, 20_000);
    expect(events.filter((e) => e === ProviderEvents.Ready)).toHaveLength(2);
    // The spare server keeps nothing: write again and read through the same provider.
    await storage.createFlag({ key: 'checkout', defaultEnabled: true });
    expect(await client.getBooleanValue('checkout', false)).toBe(true);
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
    expect(await client.getStringValue('late', 'fallback')).toBe('here');
  });
});
