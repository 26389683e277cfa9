import { FeatureFlagClient, LiveFlagClient } from '@flags/core';
import { MemoryStorageBackend } from '@flags/storage-memory';
import { afterEach, describe, expect, it } from 'vitest';

const open: LiveFlagClient[] = [];
afterEach(async () => {
  for (const client of open.splice(0)) await client.close();
});

describe('LiveFlagClient and the flag model v2', () => {
  it('takes prerequisites from its snapshot, and answers as the storage client does', async () => {
    const storage = new MemoryStorageBackend();
    const gate = await storage.createFlag({ key: 'gate', defaultEnabled: false });
    await storage.createFlag({ key: 'feature', defaultEnabled: true, prerequisites: [{ flagKey: 'gate' }] });
    await storage.createFlag({
      key: 'loop',
      defaultEnabled: true,
      prerequisites: [{ flagKey: 'feature' }, { flagKey: 'loop-b' }],
    });
    await storage.createFlag({ key: 'loop-b', defaultEnabled: true, prerequisites: [{ flagKey: 'loop' }] });
    await storage.upsertOverride({ flagId: gate.id, entityType: 'user', entityId: 'vip', enabled: true });
    const live = new LiveFlagClient({ storage, pollMs: 20 });
    open.push(live);
    await live.ready();
    const direct = new FeatureFlagClient({ storage });
    for (const context of [{ userId: 'vip' }, { userId: 'other' }, {}]) {
      for (const key of ['feature', 'loop', 'loop-b']) {
        const expected = await direct.getBooleanDetails(key, false, context);
        expect(await live.getBooleanDetails(key, false, context), `${key} ${JSON.stringify(context)}`).toMatchObject({
          value: expected.value,
          reason: expected.reason,
          errorMessage: expected.errorMessage,
        });
      }
      const all = await live.getAllFlags(context);
      expect(all.feature?.reason).toBe((await direct.getAllFlags(context)).feature?.reason);
    }
    expect(await live.getBooleanDetails('feature', false, { userId: 'vip' })).toMatchObject({ value: true });
    expect(await live.getBooleanDetails('feature', true, { userId: 'other' })).toMatchObject({
      value: false,
      reason: 'PREREQUISITE_FAILED',
    });
  });
});
