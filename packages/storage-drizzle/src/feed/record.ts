import type { ChangeKind, OverrideEntity, StorageChange } from '@flags/core';
import { feedStart, type ResolvedFeedRetention } from '@flags/core/backend';
import { and, eq, gt, inArray, lt, lte, sql } from 'drizzle-orm';
import type { Dialect } from '../dialect/dialect.js';
import type { AnyDatabase, FlagsTableSet } from '../schema/types.js';

/** Rows per INSERT of changes (8 parameters each: far below every driver's limit). */
const INSERT_PART = 500;

/** A change a write made, before it is numbered. The flag key is given, or found from `flagId`. */
export interface ChangeEntry {
  readonly kind: ChangeKind;
  readonly id: string;
  readonly op: StorageChange['op'];
  readonly flagKey?: string;
  readonly flagId?: string;
  readonly entity?: OverrideEntity;
}

/**
 * The revision up to which this backend's committed trims have deleted the feed: every change at or
 * below it is gone (other writers may have trimmed further; it only ever lags). A trim deletes from
 * there up, so it never walks the deleted rows whose index entries the server has not vacuumed yet —
 * from the start of the feed, that walk grows with every change ever written between two vacuums.
 */
export class TrimmedThrough {
  #revision = 0;

  get revision(): number {
    return this.#revision;
  }

  /** After the transaction that trimmed up to `revision` committed (never before: a rollback deletes nothing). */
  committed(revision: number): void {
    if (revision > this.#revision) this.#revision = revision;
  }
}

/** What the feed needs to know besides the transaction. */
export interface FeedSettings {
  readonly t: FlagsTableSet;
  readonly dialect: Dialect;
  readonly retention: ResolvedFeedRetention;
  /** PostgreSQL: the channel to NOTIFY (null elsewhere). */
  readonly channel: string | null;
  readonly trimmed: TrimmedThrough;
}

/**
 * Moves the revision row on by the number of changes and returns the new head. The UPDATE takes the
 * row's lock until the transaction ends, so writers number their changes in the order they commit:
 * the next writer reads the counter only after this one committed (no sequence handed out early).
 * The row is created by the first write ever, and again by the first write after the tables were
 * emptied or dropped and created again: it starts from the clock (`feedStart`), above every revision
 * the lost feed handed out, so a reader of that feed gets `reset` instead of the new changes.
 */
async function advance(tx: AnyDatabase, settings: FeedSettings, count: number): Promise<number> {
  const { t, dialect } = settings;
  const r = t.revision;
  const next = sql`${r.value} + ${count}`;
  if (dialect.name !== 'mysql') {
    const [row] = await tx.update(r).set({ value: next }).where(eq(r.id, 1)).returning({ value: r.value });
    if (row) return Number(row.value);
    const start = feedStart();
    const [inserted] = await dialect
      .upsert(tx.insert(r).values({ id: 1, value: start + count }), [r.id], { value: next })
      .returning({ value: r.value });
    await keepStart(tx, settings, start);
    return Number(inserted.value);
  }
  const updated = await tx.update(r).set({ value: next }).where(eq(r.id, 1));
  if (dialect.affected(updated) === 0) {
    const start = feedStart();
    await dialect.upsert(tx.insert(r).values({ id: 1, value: start + count }), [r.id], { value: next });
    await keepStart(tx, settings, start);
  }
  // The row is locked by this transaction, which reads its own write.
  const [row] = await tx.select({ value: r.value }).from(r).where(eq(r.id, 1));
  return Number(row.value);
}

/**
 * Keeps where the feed started in the row with id 2, so a reader of the store from before its first
 * change (revision 0) is handed the changes since. A writer that lost the race to create the counter
 * row finds the winner's start there, and leaves it.
 */
async function keepStart(tx: AnyDatabase, { t, dialect }: FeedSettings, start: number): Promise<void> {
  const r = t.revision;
  await dialect.upsert(tx.insert(r).values({ id: 2, value: start }), [r.id], { value: sql`${r.value}` });
}

/** Flag keys of the entries that name only their flag's id, read before numbering (a plain read, no lock). */
async function flagKeys(
  tx: AnyDatabase,
  t: FlagsTableSet,
  entries: readonly ChangeEntry[],
): Promise<Map<string, string>> {
  const ids = [
    ...new Set(entries.filter((e) => e.flagKey === undefined && e.flagId !== undefined).map((e) => e.flagId!)),
  ];
  const found = new Map<string, string>();
  for (let start = 0; start < ids.length; start += INSERT_PART) {
    const part = ids.slice(start, start + INSERT_PART);
    const rows = await tx.select({ id: t.flags.id, key: t.flags.key }).from(t.flags).where(inArray(t.flags.id, part));
    for (const row of rows as { id: string; key: string }[]) found.set(row.id, row.key);
  }
  return found;
}

/**
 * Deletes the oldest changes beyond the retention: always a prefix of the revisions (an age bound
 * trims up to the newest change that is too old, whatever other clocks stamped the rows between), so
 * the revisions kept stay contiguous.
 */
async function trim(
  tx: AnyDatabase,
  { t, retention, trimmed }: FeedSettings,
  head: number,
  now: Date,
): Promise<number | null> {
  const c = t.changes;
  let upTo = head - retention.maxChanges;
  if (retention.maxAgeMs !== null) {
    const cutoff = new Date(now.getTime() - retention.maxAgeMs);
    const [row] = await tx
      .select({ newest: sql`max(${c.revision})` })
      .from(c)
      .where(lt(c.recordedAt, cutoff));
    upTo = Math.max(upTo, Number(row?.newest ?? 0));
  }
  const from = trimmed.revision;
  if (upTo <= from) return null;
  await tx.delete(c).where(from > 0 ? and(gt(c.revision, from), lte(c.revision, upTo)) : lte(c.revision, upTo));
  return upTo;
}

/**
 * Records a write's changes inside its transaction: numbers them from the revision row, inserts them,
 * trims what the retention no longer keeps (a bounded delete of the oldest rows, by the writer that
 * already holds the revision lock, so it blocks no one else) and, on PostgreSQL, sends a NOTIFY that
 * is delivered only once the transaction commits. A write with no change still moves the revision.
 * @returns the revision the feed was trimmed to, for {@link TrimmedThrough} once the write commits.
 */
export async function recordChanges(
  tx: AnyDatabase,
  settings: FeedSettings,
  entries: readonly ChangeEntry[],
  now: Date,
): Promise<number | null> {
  const { t, dialect, channel } = settings;
  const keys = await flagKeys(tx, t, entries);
  const count = Math.max(entries.length, 1);
  const head = await advance(tx, settings, count);
  const first = head - count + 1;
  // Parts of a bounded size: a batch write may record thousands of changes, and every driver limits
  // the parameters of one statement.
  for (let start = 0; start < entries.length; start += INSERT_PART) {
    const part = entries.slice(start, start + INSERT_PART);
    await tx.insert(t.changes).values(
      part.map((entry, i) => ({
        revision: first + start + i,
        kind: entry.kind,
        recordId: entry.id,
        op: entry.op,
        flagKey: entry.flagKey ?? (entry.flagId === undefined ? null : (keys.get(entry.flagId) ?? null)),
        entityType: entry.entity?.entityType ?? null,
        entityId: entry.entity?.entityId ?? null,
        recordedAt: now,
      })),
    );
  }
  const trimmedTo = await trim(tx, settings, head, now);
  if (channel !== null) await dialect.exec(tx, sql`select pg_notify(${channel}, ${String(head)})`);
  return trimmedTo;
}
