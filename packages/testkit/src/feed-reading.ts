import type { StorageBackend, StorageChange } from '@flags/core';
import { expect } from 'vitest';

/** A change without its revision: what a check expects a write to record. */
export type ExpectedChange = Omit<StorageChange, 'revision'>;

/**
 * The store's current revision. Asking from a revision the store cannot have reached answers `reset`
 * with the current revision, in one cheap call.
 */
export async function headRevision(backend: StorageBackend): Promise<number> {
  const batch = await backend.getChanges(Number.MAX_SAFE_INTEGER);
  expect(batch.reset, 'getChanges(a revision beyond the newest) answers reset').toBe(true);
  return batch.revision;
}

/** Every change after `since`, through every page, checking each page is in revision order. */
export async function changesSince(
  backend: StorageBackend,
  since: number,
  limit = 1000,
): Promise<{ revision: number; changes: StorageChange[] }> {
  const changes: StorageChange[] = [];
  let revision = since;
  for (;;) {
    const batch = await backend.getChanges(revision, { limit });
    if (batch.reset) expect.fail(`getChanges(${revision}) answered reset: the feed lost changes it should keep`);
    expectAscending(batch.changes, revision);
    changes.push(...batch.changes);
    const last = batch.changes.at(-1)?.revision;
    if (last !== undefined)
      expect(batch.revision, 'a batch revision is at least its last change').toBeGreaterThanOrEqual(last);
    expect(batch.revision, 'a batch never goes back').toBeGreaterThanOrEqual(revision);
    revision = batch.revision;
    if (batch.changes.length < limit) return { revision, changes };
  }
}

/** Fails unless the revisions are strictly ascending and all above `after`. */
export function expectAscending(changes: readonly StorageChange[], after: number): void {
  let previous = after;
  for (const change of changes) {
    expect(change.revision, `revision of ${change.kind} ${change.id} follows ${previous}`).toBeGreaterThan(previous);
    previous = change.revision;
  }
}

/** The changes of records with these ids (other writers may share the store), without revisions. */
export function changesOf(changes: readonly StorageChange[], ids: readonly string[]): ExpectedChange[] {
  return changes.filter((c) => ids.includes(c.id)).map(({ revision: _, ...rest }) => rest);
}

/** Runs `write` and returns what the feed recorded for records with these ids meanwhile. */
export async function recorded<T>(
  backend: StorageBackend,
  write: () => Promise<T>,
  ids: (result: T) => readonly string[],
): Promise<ExpectedChange[]> {
  const before = await headRevision(backend);
  const result = await write();
  return changesOf((await changesSince(backend, before)).changes, ids(result));
}

/** Sorts changes by kind then id, for writes whose changes come in no set order (cascades). */
export function sortChanges(changes: readonly ExpectedChange[]): ExpectedChange[] {
  return [...changes].sort((a, b) => (a.kind + a.id < b.kind + b.id ? -1 : a.kind + a.id > b.kind + b.id ? 1 : 0));
}
