import { ValidationError } from '@flags/core';
import { MemoryStorageBackend, MemoryStore } from '@flags/storage-memory';
import { describe, expect, it } from 'vitest';

describe('MemoryStorageBackend change feed', () => {
  it('refuses a feedRetention outside the rules, naming the field', () => {
    for (const feedRetention of [{ maxChanges: 0 }, { maxChanges: 1.5 }, { maxAgeMs: -1 }]) {
      const make = () => new MemoryStorageBackend({ feedRetention });
      expect(make).toThrow(ValidationError);
      expect(make).toThrow(/feedRetention\.max/);
    }
  });

  it('continues the feed of a store restored from its snapshot and feed snapshot', async () => {
    const first = new MemoryStorageBackend();
    await first.createFlag({ key: 'a', name: 'a' });
    const seen = await first.getChanges(null);
    await first.createFlag({ key: 'b', name: 'b' });
    const store = new MemoryStore(first.store.snapshot(), { feed: first.store.feedSnapshot() });
    const restored = new MemoryStorageBackend({ store });
    const batch = await restored.getChanges(seen.revision);
    expect(batch.reset).not.toBe(true);
    expect(batch.reset ? [] : batch.changes.map((c) => c.flagKey)).toStrictEqual(['b']);
  });

  it('refuses a feed snapshot whose revisions do not run from floor + 1 to head', () => {
    const feed = { head: 3, floor: 0, entries: [] };
    expect(() => new MemoryStore(undefined, { feed })).toThrow(/not consistent/);
  });

  it('a listener that throws neither fails the write nor silences the other listeners', async () => {
    const backend = new MemoryStorageBackend();
    let heard = 0;
    await backend.subscribe(() => {
      throw new Error('listener bug');
    });
    await backend.subscribe(() => {
      heard += 1;
    });
    await backend.createFlag({ key: 'x', name: 'x' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(heard).toBe(1);
  });

  it('close() removes the listeners this backend added', async () => {
    const listening = new MemoryStorageBackend();
    const writer = new MemoryStorageBackend({ store: listening.store });
    let heard = 0;
    await listening.subscribe(() => {
      heard += 1;
    });
    await listening.close();
    await writer.createFlag({ key: 'y', name: 'y' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(heard).toBe(0);
  });
});
