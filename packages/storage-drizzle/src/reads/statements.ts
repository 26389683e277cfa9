import { and, asc, eq, gt, isNull, or, type SQL, sql } from 'drizzle-orm';
import { documentOf, everyFlagDocument, flagDocument } from '../codec/documents.js';
import type { SqlFlavor } from '../dialect/dialect.js';
import {
  OVERRIDE_FIELDS,
  ROLLOUT_PHASE_FIELDS,
  SCHEDULED_CHANGE_FIELDS,
  SEGMENT_FIELDS,
  TIME_SCHEDULE_FIELDS,
} from '../schema/fields.js';
import type { AnyDatabase, FlagsTableSet } from '../schema/types.js';

/**
 * The select statements of every read, as unprepared drizzle builders on any handle (the database
 * for prepared reads, a transaction for read-backs). Each selects one column, `doc`; placeholders
 * are named after the method parameters (`now` is the app's clock, for override expiry).
 */
export class Statements {
  constructor(
    private readonly t: FlagsTableSet,
    private readonly flavor: SqlFlavor,
  ) {}

  private select(handle: AnyDatabase, doc: SQL, table: FlagsTableSet[keyof FlagsTableSet]): AnyDatabase {
    return handle.select({ doc: doc.as('doc') }).from(table);
  }

  /** Flags, unfiltered, each document as JSON text (see `FlagDecoder`); callers add where/order. */
  flags(handle: AnyDatabase): AnyDatabase {
    return this.select(handle, this.flavor.text(flagDocument(this.flavor, this.t)), this.t.flags);
  }

  flagByKey(handle: AnyDatabase): AnyDatabase {
    return this.flags(handle).where(eq(this.t.flags.key, sql.placeholder('key')));
  }

  flagsByKeys(handle: AnyDatabase): AnyDatabase {
    return this.flags(handle).where(this.flavor.inJsonList(this.t.flags.key, 'keys'));
  }

  /** Every flag, by key (the children joined once per table where the dialect can: `everyFlagDocument`); callers add where. */
  private everyFlag(handle: AnyDatabase): AnyDatabase {
    const order = this.flavor.byteOrder(this.t.flags.key);
    const joined = everyFlagDocument(handle, this.flavor, this.t);
    if (joined === null) return this.flags(handle).orderBy(order);
    let select = handle.select({ doc: this.flavor.text(joined.doc).as('doc') }).from(this.t.flags);
    for (const { table, on } of joined.joins) select = select.leftJoin(table, on);
    return select.orderBy(order);
  }

  activeFlags(handle: AnyDatabase): AnyDatabase {
    return this.everyFlag(handle).where(eq(this.t.flags.status, 'active'));
  }

  allFlags(handle: AnyDatabase): AnyDatabase {
    return this.everyFlag(handle);
  }

  private overrides(handle: AnyDatabase, where: SQL): AnyDatabase {
    const o = this.t.flagOverrides;
    const unexpired = or(isNull(o.expiresAt), gt(o.expiresAt, sql.param(sql.placeholder('now'), o.expiresAt)));
    return this.select(handle, documentOf(this.flavor, o, OVERRIDE_FIELDS), o).where(and(where, unexpired));
  }

  override(handle: AnyDatabase): AnyDatabase {
    const o = this.t.flagOverrides;
    return this.overrides(
      handle,
      and(
        eq(o.flagId, sql.placeholder('flagId')),
        eq(o.entityType, sql.placeholder('entityType')),
        eq(o.entityId, sql.placeholder('entityId')),
      ) as SQL,
    );
  }

  overridesOfEntities(handle: AnyDatabase): AnyDatabase {
    const o = this.t.flagOverrides;
    return this.overrides(
      handle,
      and(
        eq(o.flagId, sql.placeholder('flagId')),
        this.flavor.pairInJsonList(o.entityType, o.entityId, 'entities'),
      ) as SQL,
    );
  }

  overridesOfFlagsAndEntities(handle: AnyDatabase): AnyDatabase {
    const o = this.t.flagOverrides;
    return this.overrides(
      handle,
      and(
        this.flavor.inJsonList(o.flagId, 'flagIds'),
        this.flavor.pairInJsonList(o.entityType, o.entityId, 'entities'),
      ) as SQL,
    );
  }

  overridesOfFlag(handle: AnyDatabase): AnyDatabase {
    const o = this.t.flagOverrides;
    return this.overrides(handle, eq(o.flagId, sql.placeholder('flagId'))).orderBy(
      this.flavor.byteOrder(o.entityType),
      this.flavor.byteOrder(o.entityId),
    );
  }

  /** Scheduled changes, optionally of one flag, optionally pending only; by `scheduledAt`, `id`. */
  scheduledChanges(handle: AnyDatabase, byFlag: boolean, pendingOnly: boolean): AnyDatabase {
    const c = this.t.scheduledChanges;
    const where = and(
      byFlag ? eq(c.flagId, sql.placeholder('flagId')) : undefined,
      pendingOnly ? eq(c.executed, false) : undefined,
    );
    return this.select(handle, documentOf(this.flavor, c, SCHEDULED_CHANGE_FIELDS), c)
      .where(where)
      .orderBy(asc(c.scheduledAt), this.flavor.byteOrder(c.id));
  }

  scheduledChangeById(handle: AnyDatabase): AnyDatabase {
    const c = this.t.scheduledChanges;
    return this.select(handle, documentOf(this.flavor, c, SCHEDULED_CHANGE_FIELDS), c).where(
      eq(c.id, sql.placeholder('id')),
    );
  }

  /** Time schedules, optionally of one flag; by `flagId`, `name`, `id`. */
  timeSchedules(handle: AnyDatabase, byFlag: boolean): AnyDatabase {
    const s = this.t.timeSchedules;
    const order = this.flavor.byteOrder;
    return this.select(handle, documentOf(this.flavor, s, TIME_SCHEDULE_FIELDS), s)
      .where(byFlag ? eq(s.flagId, sql.placeholder('flagId')) : undefined)
      .orderBy(order(s.flagId), order(s.name), order(s.id));
  }

  timeScheduleById(handle: AnyDatabase): AnyDatabase {
    const s = this.t.timeSchedules;
    return this.select(handle, documentOf(this.flavor, s, TIME_SCHEDULE_FIELDS), s).where(
      eq(s.id, sql.placeholder('id')),
    );
  }

  rolloutPhasesOfFlag(handle: AnyDatabase): AnyDatabase {
    const r = this.t.rolloutPhases;
    return this.select(handle, documentOf(this.flavor, r, ROLLOUT_PHASE_FIELDS), r)
      .where(eq(r.flagId, sql.placeholder('flagId')))
      .orderBy(asc(r.phaseNumber));
  }

  pendingRolloutPhases(handle: AnyDatabase): AnyDatabase {
    const r = this.t.rolloutPhases;
    return this.select(handle, documentOf(this.flavor, r, ROLLOUT_PHASE_FIELDS), r)
      .where(eq(r.executed, false))
      .orderBy(asc(r.scheduledAt), asc(r.phaseNumber), this.flavor.byteOrder(r.id));
  }

  rolloutPhaseById(handle: AnyDatabase): AnyDatabase {
    const r = this.t.rolloutPhases;
    return this.select(handle, documentOf(this.flavor, r, ROLLOUT_PHASE_FIELDS), r).where(
      eq(r.id, sql.placeholder('id')),
    );
  }

  private segments(handle: AnyDatabase): AnyDatabase {
    const s = this.t.segments;
    return this.select(handle, documentOf(this.flavor, s, SEGMENT_FIELDS), s);
  }

  segmentById(handle: AnyDatabase): AnyDatabase {
    return this.segments(handle).where(eq(this.t.segments.id, sql.placeholder('id')));
  }

  segmentByName(handle: AnyDatabase): AnyDatabase {
    return this.segments(handle).where(eq(this.t.segments.name, sql.placeholder('name')));
  }

  allSegments(handle: AnyDatabase): AnyDatabase {
    return this.segments(handle).orderBy(this.flavor.byteOrder(this.t.segments.name));
  }

  childSegments(handle: AnyDatabase): AnyDatabase {
    const s = this.t.segments;
    return this.segments(handle)
      .where(eq(s.parentSegmentId, sql.placeholder('parentId')))
      .orderBy(this.flavor.byteOrder(s.name));
  }

  /** Every unexpired override of the entities in the JSON pair list `entities`, on any flag. */
  overridesOfAnyFlag(handle: AnyDatabase): AnyDatabase {
    const o = this.t.flagOverrides;
    return this.overrides(handle, this.flavor.pairInJsonList(o.entityType, o.entityId, 'entities'));
  }

  /**
   * The change feed after revision `since`, at most `limit` rows: each document is `[head, oldest,
   * revision, kind, recordId, op, flagKey, entityType, entityId, start]`, the head (the revision row),
   * the oldest revision kept and the revision the feed started after (the row with id 2, null when
   * absent) repeated on every row; one row of nulls after the head and oldest when nothing follows
   * `since`, and no row at all before the first write ever.
   */
  changesAfter(handle: AnyDatabase): AnyDatabase {
    const r = this.t.revision;
    const c = this.t.changes;
    const oldest = sql`(select min(${c.revision}) from ${c})`;
    const start = sql`(select ${r.value} from ${r} where ${r.id} = 2)`;
    const columns = [c.revision, c.kind, c.recordId, c.op, c.flagKey, c.entityType, c.entityId];
    const doc = this.flavor.array([
      this.flavor.plain(r.value),
      oldest,
      ...columns.map((col) => this.flavor.plain(col)),
      start,
    ]);
    return handle
      .select({ doc: doc.as('doc') })
      .from(r)
      .leftJoin(c, gt(c.revision, sql.placeholder('since')))
      .where(eq(r.id, 1))
      .orderBy(asc(c.revision))
      .limit(sql.placeholder('limit'));
  }

  revision(handle: AnyDatabase): AnyDatabase {
    const r = this.t.revision;
    return handle
      .select({ doc: sql`${r.value}`.as('doc') })
      .from(r)
      .where(eq(r.id, 1));
  }
}
