import type { ChangeKind, StorageChange } from '@flags/core';
import type { MemoryTables } from './tables.js';

/** A change a write made, before the change log numbers it. */
export type ChangeDraft = Omit<StorageChange, 'revision'>;

/**
 * Notes that the running write touched a record of `kind` belonging to flag `flagId` (null for
 * segments). Pushed into the write's journal, which the backend commits to the change log once the
 * write succeeded, in the same synchronous step — or drops when it threw.
 */
export function journal(
  tables: MemoryTables,
  kind: ChangeKind,
  op: StorageChange['op'],
  record: { id: string; flagId?: string; entityType?: string; entityId?: string },
  flagKey?: string,
): void {
  const key = flagKey ?? (record.flagId === undefined ? undefined : tables.flagsById.get(record.flagId)?.key);
  const draft: { -readonly [K in keyof ChangeDraft]: ChangeDraft[K] } = { kind, id: record.id, op };
  if (key !== undefined) draft.flagKey = key;
  if (record.entityType !== undefined && record.entityId !== undefined) {
    draft.entity = { entityType: record.entityType, entityId: record.entityId };
  }
  tables.journal.push(draft);
}
