// Redis over Upstash's REST protocol: core + storage-redis + @upstash/redis write a flag and an
// override, then evaluate them. The Upstash-compatible server and Redis run beside the runtime.
import { FeatureFlagClient } from '@flags/core';
import { RedisStorageBackend } from '@flags/storage-redis';
import { expect, it, run } from './harness.js';

const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env ?? {};

it('writes, reads and evaluates flags through @upstash/redis', async () => {
  const storage = await RedisStorageBackend.create({
    url: env.UPSTASH_REDIS_REST_URL ?? '',
    token: env.UPSTASH_REDIS_REST_TOKEN ?? '',
    prefix: env.FLAGS_PREFIX,
  });
  try {
    expect(await storage.healthCheck()).toBe(true);
    const flag = await storage.createFlag({
      key: 'new-checkout',
      rules: [{ name: 'beta', conditions: [{ attribute: 'plan', operator: 'eq', value: 'beta' }] }],
    });
    await storage.upsertOverride({ flagId: flag.id, entityType: 'user', entityId: 'vip', enabled: true });
    const client = new FeatureFlagClient({ storage });
    const beta = await client.getBooleanDetails('new-checkout', false, { attributes: { plan: 'beta' } });
    const vip = await client.getBooleanDetails('new-checkout', false, { userId: 'vip' });
    const other = await client.getBooleanDetails('new-checkout', false, { userId: 'u-2' });
    expect([beta.value, beta.reason]).toStrictEqual([true, 'TARGETING_MATCH']);
    expect([vip.value, vip.reason]).toStrictEqual([true, 'OVERRIDE']);
    expect([other.value, other.reason]).toStrictEqual([false, 'DEFAULT']);
    expect(await storage.deleteFlag('new-checkout')).toBe(true);
  } finally {
    await storage.close();
  }
});

await run();
