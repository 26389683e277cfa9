import { type Column, eq, sql, type Table } from 'drizzle-orm';
import type { Dialect } from '../dialect/dialect.js';
import type { ChangeEntry } from '../feed/record.js';
import type { AnyDatabase, FlagsTableSet } from '../schema/types.js';

/** `select` with `FOR UPDATE` where the database has row locks (SQLite runs one writer at a time). */
export function lockRows(select: AnyDatabase, dialect: Dialect): AnyDatabase {
  return dialect.name === 'sqlite' ? select : select.for('update');
}

/**
 * The changes a flag's deletion makes to its children (overrides, scheduled changes, time schedules,
 * rollout phases), read in one statement before the cascade removes them.
 */
export async function childrenOf(
  tx: AnyDatabase,
  t: FlagsTableSet,
  flagId: string,
  flagKey: string,
): Promise<ChangeEntry[]> {
  const o = t.flagOverrides;
  const none = sql<string | null>`null`;
  const none2 = sql<string | null>`null`;
  // The kinds are constants of this file, so they go in as SQL literals (a parameter would have no type in a UNION).
  const of = (kind: ChangeEntry['kind'], table: Table & { id: Column; flagId: Column }) =>
    tx
      .select({ kind: sql.raw(`'${kind}'`), id: table.id, entityType: none, entityId: none2 })
      .from(table)
      .where(eq(table.flagId, flagId));
  const rows: { kind: string; id: string; entityType: string | null; entityId: string | null }[] = await tx
    .select({ kind: sql<string>`'override'`, id: o.id, entityType: o.entityType, entityId: o.entityId })
    .from(o)
    .where(eq(o.flagId, flagId))
    .unionAll(of('scheduled-change', t.scheduledChanges))
    .unionAll(of('time-schedule', t.timeSchedules))
    .unionAll(of('rollout-phase', t.rolloutPhases));
  return rows.map((row) => ({
    kind: row.kind as ChangeEntry['kind'],
    id: row.id,
    op: 'delete',
    flagKey,
    ...(row.entityType === null ? {} : { entity: { entityType: row.entityType, entityId: String(row.entityId) } }),
  }));
}
