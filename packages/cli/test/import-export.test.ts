/**
 * The portable document through core's library functions (exportDocument / importDocument /
 * copyStorage) on the memory backend: fidelity, the three modes, dry runs, idempotence, versioned
 * writes, and inputs that must write nothing.
 */
import {
  ConflictError,
  copyStorage,
  exportDocument,
  type ImportChange,
  importDocument,
  type StorageBackend,
  ValidationError,
} from '@flags/core';
import { MemoryStorageBackend } from '@flags/storage-memory';
import { beforeEach, describe, expect, it } from 'vitest';
import { contexts, evaluateAll, seed } from './support/dataset.js';

async function exported(store: StorageBackend): Promise<string> {
  return new Response(exportDocument(store)).text();
}

let source: MemoryStorageBackend;
let text: string;

beforeEach(async () => {
  source = new MemoryStorageBackend();
  await seed(source);
  text = await exported(source);
});

async function snapshot(store: StorageBackend) {
  const flags = await store.getAllFlags();
  return {
    flags: flags.map(({ createdAt, updatedAt, version, timeSchedules, ...rest }) => ({
      ...rest,
      // Timestamps are the store's own (set on write); everything else must survive.
      timeSchedules: timeSchedules.map(({ createdAt: _c, updatedAt: _u, ...schedule }) => schedule),
    })),
    segments: (await store.getAllSegments()).map(({ createdAt, updatedAt, version, ...rest }) => rest),
    overrides: (await Promise.all(flags.map((f) => store.listOverrides(f.id))))
      .flat()
      .map(({ createdAt, updatedAt, ...rest }) => rest),
    changes: (await store.getScheduledChanges({ pendingOnly: false })).map(({ createdAt, updatedAt, ...rest }) => rest),
    phases: (await Promise.all(flags.map((f) => store.getRolloutPhases(f.id))))
      .flat()
      .map(({ createdAt, updatedAt, ...rest }) => rest),
  };
}

describe('export', () => {
  it('writes NDJSON: the versioned header, then one record per line, ids kept', async () => {
    const lines = text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines[0]).toMatchObject({ format: '@flags', version: 1 });
    const kinds = lines.slice(1).map((line) => line.kind);
    expect(kinds.filter((k) => k === 'flag')).toHaveLength(6);
    expect(kinds.filter((k) => k === 'override')).toHaveLength(40);
    expect(new Set(kinds)).toEqual(
      new Set(['segment', 'flag', 'timeSchedule', 'scheduledChange', 'rolloutPhase', 'override']),
    );
    // Segments come parents first, so an import can create them in order.
    const segments = lines.filter((l) => l.kind === 'segment').map((l) => l.data.name);
    expect(segments).toEqual(['staff', 'staff-in-de']);
    const flagIds = (await source.getAllFlags()).map((f) => f.id).sort();
    expect(
      lines
        .filter((l) => l.kind === 'flag')
        .map((l) => l.data.id)
        .sort(),
    ).toEqual(flagIds);
    expect(lines.find((l) => l.kind === 'flag').data).not.toHaveProperty('timeSchedules');
  });
});

describe('import', () => {
  it('into an empty store reproduces every record and every evaluation', async () => {
    const target = new MemoryStorageBackend();
    const result = await importDocument(target, () => text);
    expect(result.created).toEqual({
      segment: 2,
      flag: 6,
      timeSchedule: 2,
      scheduledChange: 2,
      rolloutPhase: 2,
      override: 40,
    });
    expect(await snapshot(target)).toEqual(await snapshot(source));
    const list = contexts(300);
    expect(await evaluateAll(target, list)).toEqual(await evaluateAll(source, list));
  });

  it('twice changes nothing the second time', async () => {
    const target = new MemoryStorageBackend();
    await importDocument(target, () => text);
    const revision = await target.getRevision();
    const again = await importDocument(target, () => text);
    expect(Object.values(again.created).every((n) => n === 0)).toBe(true);
    expect(Object.values(again.updated).every((n) => n === 0)).toBe(true);
    expect(again.unchanged.override).toBe(40);
    expect(await target.getRevision()).toBe(revision);
  });

  it('--dry-run reports the diff and writes nothing', async () => {
    const target = new MemoryStorageBackend();
    await importDocument(target, () => text);
    const flag = (await target.getFlag('upload-limit'))!;
    await target.updateFlag({ ...flag, defaultValue: 99 });
    await target.createFlag({ key: 'only-in-target' });
    const revision = await target.getRevision();
    const changes: ImportChange[] = [];
    const result = await importDocument(target, () => text, {
      mode: 'replace',
      dryRun: true,
      onChange: (c) => changes.push(c),
    });
    expect(result.dryRun).toBe(true);
    expect(changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'update', kind: 'flag', label: 'upload-limit' }),
        expect.objectContaining({ action: 'delete', kind: 'flag', label: 'only-in-target' }),
      ]),
    );
    expect(changes).toHaveLength(2);
    expect(await target.getRevision()).toBe(revision);
    expect((await target.getFlag('upload-limit'))!.defaultValue).toBe(99);
  });

  it('merge updates and creates but leaves what the file lacks; replace deletes it', async () => {
    const target = new MemoryStorageBackend();
    await importDocument(target, () => text);
    const extra = await target.createFlag({ key: 'only-in-target' });
    const checkout = (await target.getFlag('new-checkout'))!;
    await target.upsertOverride({ flagId: checkout.id, entityType: 'user', entityId: 'stray', enabled: true });
    const limit = (await target.getFlag('upload-limit'))!;
    await target.updateFlag({ ...limit, defaultValue: 99 });

    const merged = await importDocument(target, () => text, { mode: 'merge' });
    expect(merged.updated.flag).toBe(1);
    expect((await target.getFlag('upload-limit'))!.defaultValue).toBe(10);
    expect(await target.getFlag(extra.key)).not.toBeNull();
    expect(await target.getOverride(checkout.id, 'user', 'stray')).not.toBeNull();

    const replaced = await importDocument(target, () => text, { mode: 'replace' });
    expect(replaced.deleted).toMatchObject({ flag: 1, override: 1 });
    expect(await target.getFlag(extra.key)).toBeNull();
    expect(await target.getOverride(checkout.id, 'user', 'stray')).toBeNull();
    expect(await snapshot(target)).toEqual(await snapshot(source));
  });

  it('create-only creates what is missing and leaves existing records as they are', async () => {
    const target = new MemoryStorageBackend();
    const mine = await target.createFlag({ key: 'upload-limit', flagType: 'number', defaultValue: 1 });
    const result = await importDocument(target, () => text, { mode: 'create-only' });
    expect(result.unchanged.flag).toBe(1);
    expect(result.created.flag).toBe(5);
    const kept = (await target.getFlag('upload-limit'))!;
    expect(kept.defaultValue).toBe(1);
    // The file's overrides of that flag land on the store's flag (matched by key, not id).
    expect((await target.listOverrides(mine.id)).length).toBe(10);
  });

  it('reads the whole-object form as well', async () => {
    const target = new MemoryStorageBackend();
    const document = {
      format: '@flags',
      version: 1,
      flags: [{ key: 'hand-written', defaultEnabled: true }],
    };
    const result = await importDocument(target, () => JSON.stringify(document, null, 2));
    expect(result.created.flag).toBe(1);
    expect((await target.getFlag('hand-written'))!.defaultEnabled).toBe(true);
  });

  it('refuses a lost update: a flag changed by someone else during the import fails with ConflictError', async () => {
    const target = new MemoryStorageBackend();
    await importDocument(target, () => text);
    const limit = (await target.getFlag('upload-limit'))!;
    await target.updateFlag({ ...limit, defaultValue: 99 });
    let raced = false;
    const importing = importDocument(target, () => text, {
      onProgress: async (progress) => {
        // Between the validation pass (which read the store) and the writes, another writer edits the flag.
        if (progress.phase === 'validate' && progress.total !== null && !raced) {
          raced = true;
          const current = (await target.getFlag('upload-limit'))!;
          await target.updateFlag({ ...current, defaultValue: 123 });
        }
      },
    });
    await expect(importing).rejects.toBeInstanceOf(ConflictError);
    expect((await target.getFlag('upload-limit'))!.defaultValue).toBe(123);
  });

  it('copyStorage streams one store into another', async () => {
    const target = new MemoryStorageBackend();
    await copyStorage(source, target);
    expect(await snapshot(target)).toEqual(await snapshot(source));
  });
});

describe('an input that must write nothing', () => {
  const lines = () => text.trimEnd().split('\n');

  async function expectNothingWritten(input: string, message: RegExp): Promise<void> {
    const target = new MemoryStorageBackend();
    const revision = await target.getRevision();
    const error = await importDocument(target, () => input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(message);
    expect(await target.getRevision()).toBe(revision);
    expect(await target.getAllFlags()).toEqual([]);
    expect(await target.getAllSegments()).toEqual([]);
  }

  it('a line that is not JSON, late in the file', async () => {
    const all = lines();
    const at = all.length - 3;
    all.splice(at, 0, '{"kind":"override","data":{');
    await expectNothingWritten(all.join('\n'), new RegExp(`line ${at + 1}: is not JSON`));
  });

  it('a bad record in the middle (variant weights that do not sum to 100)', async () => {
    const all = lines();
    const index = all.findIndex((l) => l.includes('"button-color"'));
    const record = JSON.parse(all[index]!);
    record.data.variants[0].weight = 10;
    all[index] = JSON.stringify(record);
    await expectNothingWritten(all.join('\n'), new RegExp(`record ${index + 1} \\(flag "button-color"\\)\\.variants`));
  });

  it('an override of a flag neither in the file nor in the store', async () => {
    const all = lines();
    const index = all.findIndex((l) => l.startsWith('{"kind":"override"'));
    const record = JSON.parse(all[index]!);
    record.data.flagId = '00000000-0000-7000-8000-000000000000';
    all[index] = JSON.stringify(record);
    await expectNothingWritten(all.join('\n'), /flagId: names flag id "00000000-0000-7000-8000-000000000000"/);
  });

  it('a wrong format version', async () => {
    const all = lines();
    all[0] = JSON.stringify({ format: '@flags', version: 2 });
    await expectNothingWritten(all.join('\n'), /record 1\.version: is 2; this @flags\/core reads version 1/);
  });

  it('something that is not a @flags document', async () => {
    await expectNothingWritten('{"flags":"nope"}\n', /must be an array|not a @flags document/);
    await expectNothingWritten('', /empty/);
  });

  it('two flags with one key', async () => {
    const all = lines();
    const flag = all.find((l) => l.includes('"legacy-search"'))!;
    const copy = JSON.parse(flag);
    copy.data.id = '00000000-0000-7000-8000-000000000001';
    all.push(JSON.stringify(copy));
    await expectNothingWritten(all.join('\n'), /flag key "legacy-search" is also record/);
  });
});
