import type { AnyColumn, Table } from 'drizzle-orm';

/** The tables of one prefix, as every dialect's `flagsTables(prefix)` returns them. */
interface TableSet {
  segments: Table & { parentSegmentId: AnyColumn };
  [name: string]: Table;
}

/** Children before the tables they point at, so no foreign key refuses a delete. */
const ORDER = [
  'flagRules',
  'flagVariants',
  'flagOverrides',
  'scheduledChanges',
  'timeSchedules',
  'rolloutPhases',
  'flags',
  'segments',
  'changes',
  'revision',
] as const;

/**
 * Deletes every row of a prefix's tables, the revision row and the change feed included: the store
 * as a lost one is, empty, for the `reopenAfterDataLoss` hook of the conformance suite.
 */
export async function loseEveryRow(db: unknown, tables: unknown): Promise<void> {
  const t = tables as TableSet;
  // One query builder interface across the dialects; the tables match the database they came with.
  const d = db as {
    update(table: Table): { set(values: Record<string, null>): Promise<unknown> };
    delete(table: Table): Promise<unknown>;
  };
  await d.update(t.segments).set({ parentSegmentId: null });
  for (const name of ORDER) await d.delete(t[name]!);
}
