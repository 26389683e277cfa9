import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConflictError, StorageError } from '@flags/core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { JsonFileStorageBackend } from '../src/index.js';

// What the conformance suite cannot see from outside: what is on disk, and when.
const folder = mkdtempSync(join(tmpdir(), 'flags-json-file-own-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const opened: JsonFileStorageBackend[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((backend) => backend.close()));
});
let files = 0;

function backendOn(path = join(folder, `store-${++files}.json`)): JsonFileStorageBackend {
  const backend = new JsonFileStorageBackend({ path });
  opened.push(backend);
  return backend;
}

const keysOnDisk = (path: string): string[] =>
  (JSON.parse(readFileSync(path, 'utf8')) as { flags: { key: string }[] }).flags.map((flag) => flag.key);

describe('JsonFileStorageBackend on disk', () => {
  it('a write resolves once it is in the file; parallel writes all end up there', async () => {
    const backend = backendOn();
    await backend.createFlag({ key: 'first' });
    expect(keysOnDisk(backend.path)).toStrictEqual(['first']);
    const keys = Array.from({ length: 20 }, (_, i) => `parallel-${String(i).padStart(2, '0')}`);
    await Promise.all(keys.map((key) => backend.createFlag({ key })));
    expect(keysOnDisk(backend.path)).toStrictEqual(['first', ...keys]);
  });

  it('a refused write and a write that changes nothing leave the file untouched', async () => {
    const backend = backendOn();
    await backend.createFlag({ key: 'taken' });
    const before = statSync(backend.path, { bigint: true }).mtimeNs;
    await expect(backend.createFlag({ key: 'taken' })).rejects.toBeInstanceOf(ConflictError);
    expect(await backend.deleteFlag('absent')).toBe(false);
    expect(statSync(backend.path, { bigint: true }).mtimeNs).toBe(before);
  });

  it('refuses a second backend on an open file, and allows it once the first is closed', async () => {
    const first = backendOn();
    expect(() => new JsonFileStorageBackend({ path: first.path })).toThrow(StorageError);
    await first.close();
    expect(await backendOn(first.path).getAllFlags()).toStrictEqual([]);
  });

  it('a file that is not a store fails every call with StorageError, and healthCheck with false', async () => {
    const path = join(folder, 'hand-edited.json');
    const lists = { overrides: [], segments: [], scheduledChanges: [], timeSchedules: [], rolloutPhases: [] };
    writeFileSync(path, JSON.stringify({ format: 1, flags: [{ key: '1 not a key' }], ...lists }));
    const backend = backendOn(path);
    await expect(backend.getAllFlags()).rejects.toThrow(/cannot read .*flags\[0\]\.key/);
    await expect(backend.createFlag({ key: 'x' })).rejects.toBeInstanceOf(StorageError);
    expect(await backend.healthCheck()).toBe(false);
  });

  it('a failed save rejects with StorageError and the unsaved change is gone', async () => {
    const dir = mkdtempSync(join(folder, 'vanishing-'));
    const backend = backendOn(join(dir, 'store.json'));
    await backend.createFlag({ key: 'saved' });
    rmSync(dir, { recursive: true });
    await expect(backend.createFlag({ key: 'unsaved' })).rejects.toThrow(/cannot write/);
    // The memory store was dropped; the next call reloads the file, which is gone too: an empty store.
    expect(await backend.getFlag('unsaved')).toBeNull();
  });

  it('close saves what is queued before it releases the file', async () => {
    const backend = backendOn();
    const write = backend.createFlag({ key: 'queued' });
    await backend.close();
    await write;
    expect(keysOnDisk(backend.path)).toStrictEqual(['queued']);
    await expect(backend.getAllFlags()).rejects.toBeInstanceOf(StorageError);
  });
});
