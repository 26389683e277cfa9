/**
 * Imports and copies write overrides in batches: one `upsertOverrides` call per batch when the
 * backend has it (never one round trip per override), one `upsertOverride` each when it has not.
 */
import { copyStorage, exportDocument, importDocument, type StorageBackend } from '@flags/core';
import { MemoryStorageBackend } from '@flags/storage-memory';
import { beforeAll, describe, expect, it } from 'vitest';
import { contexts, evaluateAll, seed } from './support/dataset.js';

interface Calls {
  upsertOverride: number;
  upsertOverrides: number;
  batchSizes: number[];
  /** Flags named by the reads of stored overrides (`getOverridesForFlags`). */
  overridesReadOf: string[];
}

/** A memory backend whose override writes are counted; `batching: false` hides `upsertOverrides`. */
function counted(batching: boolean): { store: StorageBackend; calls: Calls } {
  const inner = new MemoryStorageBackend();
  const calls: Calls = { upsertOverride: 0, upsertOverrides: 0, batchSizes: [], overridesReadOf: [] };
  const store = new Proxy(inner, {
    get(target, property) {
      if (property === 'upsertOverrides') {
        if (!batching) return undefined;
        return (list: Parameters<NonNullable<StorageBackend['upsertOverrides']>>[0]) => {
          calls.upsertOverrides++;
          calls.batchSizes.push(list.length);
          return target.upsertOverrides(list);
        };
      }
      if (property === 'getOverridesForFlags') {
        return (...args: Parameters<StorageBackend['getOverridesForFlags']>) => {
          calls.overridesReadOf.push(...args[0]);
          return target.getOverridesForFlags(...args);
        };
      }
      if (property === 'upsertOverride') {
        return (input: Parameters<StorageBackend['upsertOverride']>[0]) => {
          calls.upsertOverride++;
          return target.upsertOverride(input);
        };
      }
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as StorageBackend;
  return { store, calls };
}

const CONTEXTS = contexts(300);
let source: MemoryStorageBackend;
let document: string;
let overrides = 0;
let expected: Awaited<ReturnType<typeof evaluateAll>>;

beforeAll(async () => {
  source = new MemoryStorageBackend();
  await seed(source, 250);
  document = await new Response(exportDocument(source)).text();
  for (const flag of await source.getAllFlags()) overrides += (await source.listOverrides(flag.id)).length;
  expected = await evaluateAll(source, CONTEXTS);
});

describe('override writes of an import', () => {
  it('go in one upsertOverrides call per batch when the backend has it, none one by one', async () => {
    const { store, calls } = counted(true);
    const result = await importDocument(store, () => document, { batchSize: 200 });
    expect(result.created.override).toBe(overrides);
    expect(calls.upsertOverride).toBe(0);
    expect(calls.batchSizes.reduce((a, b) => a + b, 0)).toBe(overrides);
    expect(Math.max(...calls.batchSizes)).toBeLessThanOrEqual(200);
    // Batches are cut every 200 records of the input, so their number follows the records, not the overrides one by one.
    expect(calls.upsertOverrides).toBeLessThanOrEqual(Math.ceil(result.records / 200) + 1);
    expect(await evaluateAll(store, CONTEXTS)).toEqual(expected);
  });

  it('fall back to one upsertOverride each on a backend without upsertOverrides, with the same result', async () => {
    const { store, calls } = counted(false);
    const result = await importDocument(store, () => document, { batchSize: 200 });
    expect(result.created.override).toBe(overrides);
    expect(calls.upsertOverride).toBe(overrides);
    expect(calls.upsertOverrides).toBe(0);
    expect(await evaluateAll(store, CONTEXTS)).toEqual(expected);
  });

  it('a copy batches too; a second copy, and a dry run, write nothing', async () => {
    const { store, calls } = counted(true);
    await copyStorage(source, store);
    const first = calls.upsertOverrides;
    expect(first).toBeGreaterThan(0);
    expect(calls.upsertOverride).toBe(0);
    await copyStorage(source, store);
    await importDocument(store, () => document, { dryRun: true, mode: 'replace' });
    expect(calls.upsertOverrides).toBe(first);
    expect(calls.upsertOverride).toBe(0);
  });

  it('never reads the stored overrides of a flag the import itself created (it has none); reads them on a re-import', async () => {
    const { store, calls } = counted(true);
    const result = await importDocument(store, () => document, { batchSize: 200 });
    expect(result.created.override).toBe(overrides);
    expect(calls.overridesReadOf).toStrictEqual([]);
    const again = await importDocument(store, () => document, { batchSize: 200 });
    expect(again.unchanged.override).toBe(overrides);
    expect(new Set(calls.overridesReadOf).size).toBeGreaterThan(0);
  });

  it('only changed overrides are in a batch, and an entity repeated in the file is written once, last record winning', async () => {
    const { store, calls } = counted(true);
    await importDocument(store, () => document);
    const lines = document.trimEnd().split('\n');
    const at = lines.findIndex((line) => line.startsWith('{"kind":"override"'));
    const changed = JSON.parse(lines[at]!);
    changed.data.enabled = !changed.data.enabled;
    const again = { ...changed, data: { ...changed.data, value: 'last' } };
    lines.push(JSON.stringify(changed), JSON.stringify(again));
    calls.batchSizes = [];
    const result = await importDocument(store, () => lines.join('\n'));
    expect(calls.batchSizes).toEqual([1]);
    expect(result.updated.override).toBe(2);
    const stored = await store.getOverride(changed.data.flagId, changed.data.entityType, changed.data.entityId);
    expect(stored).toMatchObject({ enabled: changed.data.enabled, value: 'last' });
  });
});
