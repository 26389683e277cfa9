import type { ChangeBatch, ChangeKind, StorageChange } from '@flags/core';
import { answerChanges } from '@flags/core/backend';

/** One row of the `changesAfter` statement: `[head, oldest, revision, kind, recordId, op, flagKey, entityType, entityId, start]`. */
type ChangeDocument = readonly unknown[];

/** A number from a driver that may hand bigints over as strings. */
function toNumber(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

/**
 * The answer of `getChanges` from the rows of one statement. The revisions kept run without a gap
 * from `oldest` to the head (writers number their changes from the revision row and trim the oldest),
 * so everything at or below `oldest - 1` (or the head, when nothing is kept) is gone: a reader asking
 * from below that missed changes and must reload (as must one asking from beyond the head).
 */
export function changeBatch(docs: readonly ChangeDocument[], since: number | null, limit: number): ChangeBatch {
  const first = docs[0];
  const head = toNumber(first?.[0]) ?? 0;
  const oldest = toNumber(first?.[1]);
  const start = toNumber(first?.[9]);
  const floor = oldest === null ? head : oldest - 1;
  const changes: StorageChange[] = [];
  for (const doc of docs) {
    const revision = toNumber(doc[2]);
    if (revision !== null) changes.push(changeOf(revision, doc));
  }
  return answerChanges(since, limit, head, floor, changes, start);
}

function changeOf(revision: number, doc: ChangeDocument): StorageChange {
  const [, , , kind, id, op, flagKey, entityType, entityId] = doc;
  const change: { -readonly [K in keyof StorageChange]: StorageChange[K] } = {
    revision,
    kind: kind as ChangeKind,
    id: String(id),
    op: op as StorageChange['op'],
  };
  if (flagKey !== null && flagKey !== undefined) change.flagKey = String(flagKey);
  if (entityType !== null && entityType !== undefined) {
    change.entity = { entityType: String(entityType), entityId: String(entityId) };
  }
  return change;
}
