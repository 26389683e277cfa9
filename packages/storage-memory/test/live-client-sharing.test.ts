import { LiveFlagClient } from '@flags/core';
import { MemoryStorageBackend } from '@flags/storage-memory';
import { describe, expect, it } from 'vitest';

describe('LiveFlagClient on a backend something else also uses', () => {
  it('close() closes the backend by default', async () => {
    const storage = new MemoryStorageBackend();
    const client = new LiveFlagClient({ storage });
    await client.ready();
    await client.close();
    expect(await storage.healthCheck()).toBe(false);
  });

  it('closeStorage: false leaves the backend open', async () => {
    const storage = new MemoryStorageBackend();
    const client = new LiveFlagClient({ storage, closeStorage: false });
    await client.ready();
    await client.close();
    expect(await storage.healthCheck()).toBe(true);
    await storage.close();
  });

  it('peekFlag returns the flag the snapshot holds, with no storage call, and nothing before ready()', async () => {
    const storage = new MemoryStorageBackend();
    const stored = await storage.createFlag({ key: 'beta', tags: ['web'] });
    const client = new LiveFlagClient({ storage });
    expect(client.peekFlag('beta')).toBeUndefined();
    await client.ready();
    expect(client.peekFlag('beta')).toMatchObject({
      id: stored.id,
      key: 'beta',
      version: stored.version,
      tags: ['web'],
    });
    expect(client.peekFlag('missing')).toBeUndefined();
    await client.close();
  });
});
