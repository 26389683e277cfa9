/**
 * Export → import across every ordered pair of backends (memory, SQLite, PostgreSQL, MariaDB, Redis),
 * on the real servers: after a copy, the destination evaluates 1,000 contexts exactly as the source.
 */
import { copyStorage, exportDocument, importDocument, type StorageBackend } from '@flags/core';
import { MemoryStorageBackend } from '@flags/storage-memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contexts, evaluateAll, seed } from './support/dataset.js';
import { type ScratchStore, STORE_KINDS, type StoreKindName, scratchStore } from './support/stores.js';

const CONTEXTS = contexts(1000);
const EMPTY = JSON.stringify({ format: '@flags', version: 1 });

interface Opened {
  scratch: ScratchStore;
  store: StorageBackend;
}

const sources = new Map<StoreKindName, Opened>();
const destinations = new Map<StoreKindName, Opened>();
let expected: Awaited<ReturnType<typeof evaluateAll>>;
let overrideCount = 0;

beforeAll(async () => {
  const origin = new MemoryStorageBackend();
  await seed(origin, 200);
  expected = await evaluateAll(origin, CONTEXTS);
  for (const flag of await origin.getAllFlags()) overrideCount += (await origin.listOverrides(flag.id)).length;
  const document = await new Response(exportDocument(origin)).text();
  for (const kind of STORE_KINDS) {
    for (const into of [sources, destinations]) {
      const scratch = await scratchStore(kind);
      into.set(kind, { scratch, store: await scratch.open() });
    }
    // Every source holds the same data, ids included, imported from one document.
    await importDocument(sources.get(kind)!.store, () => document);
  }
}, 180_000);

afterAll(async () => {
  for (const { scratch, store } of [...sources.values(), ...destinations.values()]) {
    await store.close();
    await scratch.drop();
  }
}, 60_000);

describe.each(STORE_KINDS.map((kind) => [kind]))('from %s', (from) => {
  it('holds the data set (imported from one document)', async () => {
    expect(await evaluateAll(sources.get(from)!.store, CONTEXTS)).toEqual(expected);
  });

  it.each(STORE_KINDS.filter((to) => to !== from).map((to) => [to]))(
    'to %s: every record copied, 1,000 contexts evaluate the same',
    async (to) => {
      const source = sources.get(from)!.store;
      const destination = destinations.get(to)!.store;
      // Empty the destination: a replace-import of an empty document deletes everything.
      await importDocument(destination, () => EMPTY, { mode: 'replace' });
      expect(await destination.getAllFlags()).toEqual([]);
      const result = await copyStorage(source, destination);
      expect(result.created).toEqual({
        segment: 2,
        flag: 6,
        timeSchedule: 2,
        scheduledChange: 2,
        rolloutPhase: 2,
        override: overrideCount,
      });
      expect(await evaluateAll(destination, CONTEXTS)).toEqual(expected);
      // And a second copy finds nothing to do.
      const again = await copyStorage(source, destination);
      expect(Object.values(again.unchanged).reduce((a, b) => a + b, 0)).toBe(again.records);
    },
    60_000,
  );
});
