import type {
  ChangeBatch,
  ChangeListener,
  FeatureFlag,
  FeatureFlagInput,
  FeedRetention,
  FlagOverride,
  FlagOverrideInput,
  GetChangesOptions,
  OverrideEntity,
  RolloutPhase,
  RolloutPhaseInput,
  ScheduledChangeQuery,
  ScheduledFlagChange,
  ScheduledFlagChangeInput,
  Segment,
  SegmentInput,
  StorageBackend,
  TimeSchedule,
  TimeScheduleInput,
  TimeScheduleQuery,
  WriteOptions,
} from '@flags/core';
import { createRolloutPhase, createScheduledChange, createTimeSchedule } from '@flags/core';
import {
  closedError,
  requireChangesArguments,
  requireRolloutPhaseBatch,
  requireScheduledChangeBatch,
  requireTimeScheduleBatch,
  resolveFeedRetention,
} from '@flags/core/backend';
import { getTableName, type SQL, sql } from 'drizzle-orm';
import { decodeRolloutPhase, decodeScheduledChange, decodeTimeSchedule } from '../codec/decode.js';
import { dialectFor } from '../dialect/detect.js';
import type { Dialect } from '../dialect/dialect.js';
import { ErrorMapper, PACKAGE } from '../errors/errors.js';
import { listen, listeningClientOf } from '../feed/pg-subscribe.js';
import { TrimmedThrough } from '../feed/record.js';
import { Reads } from '../reads/reads.js';
import { Statements } from '../reads/statements.js';
import { ROLLOUT_PHASE_FIELDS, SCHEDULED_CHANGE_FIELDS, TIME_SCHEDULE_FIELDS } from '../schema/fields.js';
import type { AnyDatabase, FlagsTableSet } from '../schema/types.js';
import { FlagWrites } from '../writes/flag-writes.js';
import { OverrideBatchWrites } from '../writes/override-batch.js';
import { OverrideWrites } from '../writes/override-writes.js';
import { RecordWrites } from '../writes/record-writes.js';
import { SegmentWrites } from '../writes/segment-writes.js';
import { Writer } from '../writes/writer.js';
import { checkOptions, closeClientOf, timeoutOf } from './check-options.js';
import { ClosedGate } from './closed-gate.js';
import type { SupportedDatabase } from './databases.js';

/** Options of `new DrizzleStorageBackend(…)`. */
export interface DrizzleStorageBackendOptions {
  /** A drizzle database for PostgreSQL (postgres.js), MySQL/MariaDB (mysql2) or SQLite (better-sqlite3). */
  db: SupportedDatabase;
  /** The tables, from `flagsTables(prefix)` of the same dialect's entry (`@flags/storage-drizzle/pg`, …). */
  tables: FlagsTableSet;
  /** Names the store in error messages; must not hold a secret. @default the dialect ("postgres", …) */
  label?: string;
  /**
   * @deprecated Ignored: every driver message is masked by where it puts a credential (a URL's
   * password, `password=…`, `Bearer …`), so no list of secrets is needed.
   */
  secrets?: readonly string[];
  /** Called once by `close()`, e.g. to end a connection made for this backend. @default none (the app owns `db`) */
  onClose?: () => void | Promise<void>;
  /** Whether `close()` also ends the driver client under `db`. @default false (the app owns it) */
  closeClient?: boolean;
  /**
   * The current time: stamps `createdAt`/`updatedAt`, starts and ends scheduler leases, decides which
   * overrides have expired (the app's clock, not the database's). @default () => new Date()
   */
  clock?: () => Date;
  /**
   * An operation (connecting included) with no answer after this long rejects with StorageError;
   * `0` for none. @default 15000 for PostgreSQL and MySQL, none for SQLite (no network)
   * @example { timeoutMs: 2_000 }
   */
  timeoutMs?: number;
  /** @deprecated the former name of `timeoutMs`, still honoured. */
  operationTimeoutMs?: number;
  /**
   * How many decoded flags to keep with their document text, so reads of unchanged flags copy instead
   * of re-parsing (parsing dominates flag reads). `0` turns it off. @default 5000
   */
  flagCacheSize?: number;
  /**
   * How much of the change feed (`getChanges`) to keep: a count of changes, an age, or both. Writers
   * trim the oldest changes in their own transaction. @default { maxChanges: 10000 }
   */
  feedRetention?: FeedRetention;
  /** Awaited inside every write's transaction just before it commits: a test seam to hold commits open. @internal */
  beforeCommit?: () => Promise<void>;
}

const HEALTH_TIMEOUT_MS = 5_000;
const DEFAULT_OPERATION_TIMEOUT_MS = 15_000;

/**
 * The @flags `StorageBackend` on drizzle-orm, for PostgreSQL, MySQL/MariaDB and SQLite: every read is
 * one prepared SQL statement, every write one transaction that also moves the revision.
 * Construct it over a drizzle database you have, or use `DrizzleStorageBackend.create({ url })` /
 * a dialect entry's `createStorage` to let it connect.
 */
export class DrizzleStorageBackend implements StorageBackend {
  /** The SQL family of the database. */
  readonly dialect: Dialect['name'];
  private readonly db: AnyDatabase;
  private readonly glue: Dialect;
  private readonly reads: Reads;
  private readonly flagWrites: FlagWrites;
  private readonly overrideWrites: OverrideWrites;
  private readonly overrideBatches: OverrideBatchWrites;
  private readonly segmentWrites: SegmentWrites;
  private readonly changes: RecordWrites<ScheduledFlagChangeInput, ScheduledFlagChange>;
  private readonly schedules: RecordWrites<TimeScheduleInput, TimeSchedule>;
  private readonly phases: RecordWrites<RolloutPhaseInput, RolloutPhase>;
  private readonly onClose: (() => void | Promise<void>) | undefined;
  private closing: Promise<void> | undefined;
  private readonly gate = new ClosedGate();
  /** Stops the `LISTEN`s of `subscribe` still running, at close. */
  private readonly unlistens = new Set<() => Promise<void>>();
  private readonly healthTimeoutMs: number;
  /** Reads no row from every table: fails when one is missing. */
  private readonly healthProbe: SQL;

  /**
   * Wraps a drizzle database the app owns (`close()` leaves it open unless `onClose` says otherwise).
   * The tables must exist: run `migrate(db)` of the dialect entry, your own drizzle-kit migrations,
   * or `createStorage({ db, createTables: true })`.
   * @throws ValidationError when an option is invalid, or `db` / `tables` is not a drizzle database / table
   *   set of one supported dialect.
   */
  constructor(options: DrizzleStorageBackendOptions) {
    checkOptions(options, 'db');
    const { tables } = options;
    const db: AnyDatabase = options.db;
    this.db = db;
    this.glue = dialectFor(db, tables);
    this.dialect = this.glue.name;
    const { onClose, closeClient } = options;
    this.onClose = closeClient
      ? async () => {
          await onClose?.();
          await closeClientOf(db);
        }
      : onClose;
    const errors = new ErrorMapper(options.label ?? this.dialect);
    const statements = new Statements(tables, this.glue.sql);
    const deadline = timeoutOf(options, this.dialect === 'sqlite' ? 0 : DEFAULT_OPERATION_TIMEOUT_MS);
    this.healthTimeoutMs = deadline ? Math.min(HEALTH_TIMEOUT_MS, deadline) : HEALTH_TIMEOUT_MS;
    this.healthProbe = sql.join(
      Object.values(tables).map((table) => sql`select 1 from ${table} where 1 = 0`),
      sql` union all `,
    );
    const clock = options.clock ?? (() => new Date());
    const retention = resolveFeedRetention(options.feedRetention, 'storage-drizzle options');
    const channel = getTableName(tables.changes);
    const listening = this.dialect === 'postgres' ? listeningClientOf(db) : null;
    if (listening) this.subscribe = (listener) => this.listenTo(listening, channel, listener, errors);
    const writer = new Writer(
      db,
      tables,
      this.glue,
      errors,
      deadline,
      clock,
      this.gate,
      { retention, channel: this.dialect === 'postgres' ? channel : null, trimmed: new TrimmedThrough() },
      options.beforeCommit,
    );
    this.reads = new Reads(db, statements, this.glue, errors, deadline, clock, this.gate, options.flagCacheSize);
    this.flagWrites = new FlagWrites(tables, writer, statements);
    this.overrideWrites = new OverrideWrites(tables, writer);
    this.overrideBatches = new OverrideBatchWrites(tables, writer);
    this.segmentWrites = new SegmentWrites(tables, writer);
    this.changes = new RecordWrites(writer, {
      noun: 'scheduled change',
      table: tables.scheduledChanges,
      fields: SCHEDULED_CHANGE_FIELDS,
      validate: createScheduledChange,
      validateBatch: requireScheduledChangeBatch,
      decode: decodeScheduledChange,
      feedKind: 'scheduled-change',
      taken: (c) => `scheduled change id "${c.id}" is taken`,
    });
    this.schedules = new RecordWrites(writer, {
      noun: 'time schedule',
      table: tables.timeSchedules,
      fields: TIME_SCHEDULE_FIELDS,
      validate: createTimeSchedule,
      validateBatch: requireTimeScheduleBatch,
      decode: decodeTimeSchedule,
      feedKind: 'time-schedule',
      taken: (s) => `time schedule id "${s.id}" is taken`,
    });
    this.phases = new RecordWrites(writer, {
      noun: 'rollout phase',
      table: tables.rolloutPhases,
      fields: ROLLOUT_PHASE_FIELDS,
      validate: createRolloutPhase,
      validateBatch: requireRolloutPhaseBatch,
      decode: decodeRolloutPhase,
      feedKind: 'rollout-phase',
      taken: (p) => `rollout phase id "${p.id}" or phase ${p.phaseNumber} of flag "${p.flagId}" is taken`,
    });
  }

  private async listenTo(
    client: Parameters<typeof listen>[0],
    channel: string,
    listener: ChangeListener,
    errors: ErrorMapper,
  ): Promise<() => Promise<void>> {
    if (this.closing) throw closedError(PACKAGE);
    let stop: () => Promise<void>;
    try {
      stop = await listen(client, channel, listener);
    } catch (error) {
      throw errors.storage('subscribe', error);
    }
    this.unlistens.add(stop);
    return async () => {
      this.unlistens.delete(stop);
      await stop();
    };
  }

  /**
   * Every `DrizzleStorageBackend` export (the main entry's and each dialect entry's, which differ only
   * in which dialects their `create` reaches) recognises every backend of this package.
   */
  static [Symbol.hasInstance](value: unknown): boolean {
    return (
      typeof value === 'object' &&
      value !== null &&
      Object.prototype.isPrototypeOf.call(DrizzleStorageBackend.prototype, value)
    );
  }

  getFlag(key: string): Promise<FeatureFlag | null> {
    return this.reads.flag(key);
  }
  getFlags(keys: readonly string[]): Promise<Map<string, FeatureFlag>> {
    return this.reads.flags(keys);
  }
  getAllActiveFlags(): Promise<FeatureFlag[]> {
    return this.reads.activeFlags();
  }
  getAllFlags(): Promise<FeatureFlag[]> {
    return this.reads.allFlags();
  }
  createFlag(flag: FeatureFlagInput): Promise<FeatureFlag> {
    return this.flagWrites.create(flag);
  }
  createFlags(flags: readonly FeatureFlagInput[]): Promise<FeatureFlag[]> {
    return this.flagWrites.createMany(flags);
  }
  updateFlag(flag: FeatureFlag | FeatureFlagInput, options?: WriteOptions): Promise<FeatureFlag> {
    return this.flagWrites.update(flag, options);
  }
  deleteFlag(key: string): Promise<boolean> {
    return this.flagWrites.delete(key);
  }

  getOverride(flagId: string, entityType: string, entityId: string): Promise<FlagOverride | null> {
    return this.reads.override(flagId, entityType, entityId);
  }
  getOverrides(flagId: string, entities: readonly OverrideEntity[]): Promise<FlagOverride[]> {
    return this.reads.overrides(flagId, entities);
  }
  getOverridesForFlags(flagIds: readonly string[], entities: readonly OverrideEntity[]): Promise<FlagOverride[]> {
    return this.reads.overridesForFlags(flagIds, entities);
  }
  listOverrides(flagId: string): Promise<FlagOverride[]> {
    return this.reads.listOverrides(flagId);
  }
  upsertOverride(override: FlagOverrideInput): Promise<FlagOverride> {
    return this.overrideWrites.upsert(override);
  }
  upsertOverrides(overrides: readonly FlagOverrideInput[]): Promise<FlagOverride[]> {
    return this.overrideBatches.upsert(overrides);
  }
  deleteOverride(flagId: string, entityType: string, entityId: string): Promise<boolean> {
    return this.overrideWrites.delete(flagId, entityType, entityId);
  }

  getScheduledChanges(query: ScheduledChangeQuery = {}): Promise<ScheduledFlagChange[]> {
    return this.reads.scheduledChanges(query.flagId, query.pendingOnly ?? true);
  }
  createScheduledChange(change: ScheduledFlagChangeInput): Promise<ScheduledFlagChange> {
    return this.changes.create('createScheduledChange', change);
  }
  createScheduledChanges(inputs: readonly ScheduledFlagChangeInput[]): Promise<ScheduledFlagChange[]> {
    return this.changes.createMany('createScheduledChanges', inputs);
  }
  updateScheduledChange(change: ScheduledFlagChange | ScheduledFlagChangeInput): Promise<ScheduledFlagChange> {
    return this.changes.update('updateScheduledChange', change);
  }
  deleteScheduledChange(id: string): Promise<boolean> {
    return this.changes.delete('deleteScheduledChange', id);
  }
  claimScheduledChange(id: string, owner: string, leaseMs: number): Promise<boolean> {
    return this.changes.claim('claimScheduledChange', id, owner, leaseMs);
  }
  markScheduledChangeExecuted(
    id: string,
    executedAt: Date,
    outcome?: string | null,
    options?: WriteOptions,
  ): Promise<boolean> {
    return this.changes.markExecuted('markScheduledChangeExecuted', id, executedAt, outcome, options);
  }

  getTimeSchedules(query: TimeScheduleQuery = {}): Promise<TimeSchedule[]> {
    return this.reads.timeSchedules(query.flagId);
  }
  createTimeSchedule(schedule: TimeScheduleInput): Promise<TimeSchedule> {
    return this.schedules.create('createTimeSchedule', schedule);
  }
  createTimeSchedules(inputs: readonly TimeScheduleInput[]): Promise<TimeSchedule[]> {
    return this.schedules.createMany('createTimeSchedules', inputs);
  }
  updateTimeSchedule(schedule: TimeSchedule | TimeScheduleInput): Promise<TimeSchedule> {
    return this.schedules.update('updateTimeSchedule', schedule);
  }
  deleteTimeSchedule(id: string): Promise<boolean> {
    return this.schedules.delete('deleteTimeSchedule', id);
  }

  getRolloutPhases(flagId: string): Promise<RolloutPhase[]> {
    return this.reads.rolloutPhases(flagId);
  }
  getPendingRolloutPhases(): Promise<RolloutPhase[]> {
    return this.reads.pendingRolloutPhases();
  }
  createRolloutPhase(phase: RolloutPhaseInput): Promise<RolloutPhase> {
    return this.phases.create('createRolloutPhase', phase);
  }
  createRolloutPhases(inputs: readonly RolloutPhaseInput[]): Promise<RolloutPhase[]> {
    return this.phases.createMany('createRolloutPhases', inputs);
  }
  claimRolloutPhase(id: string, owner: string, leaseMs: number): Promise<boolean> {
    return this.phases.claim('claimRolloutPhase', id, owner, leaseMs);
  }
  markRolloutPhaseExecuted(
    id: string,
    executedAt: Date,
    outcome?: string | null,
    options?: WriteOptions,
  ): Promise<boolean> {
    return this.phases.markExecuted('markRolloutPhaseExecuted', id, executedAt, outcome, options);
  }
  deleteRolloutPhase(id: string): Promise<boolean> {
    return this.phases.delete('deleteRolloutPhase', id);
  }

  getSegment(id: string): Promise<Segment | null> {
    return this.reads.segment(id);
  }
  getSegmentByName(name: string): Promise<Segment | null> {
    return this.reads.segmentByName(name);
  }
  getAllSegments(): Promise<Segment[]> {
    return this.reads.allSegments();
  }
  getChildSegments(parentId: string): Promise<Segment[]> {
    return this.reads.childSegments(parentId);
  }
  createSegment(segment: SegmentInput): Promise<Segment> {
    return this.segmentWrites.create(segment);
  }
  updateSegment(segment: Segment | SegmentInput): Promise<Segment> {
    return this.segmentWrites.update(segment);
  }
  deleteSegment(id: string): Promise<boolean> {
    return this.segmentWrites.delete(id);
  }

  getOverridesForEntities(entities: readonly OverrideEntity[]): Promise<FlagOverride[]> {
    return this.reads.overridesForEntities(entities);
  }

  /** One statement: the changes after `since` with the head and the oldest revision kept. */
  async getChanges(since: number | null, options?: GetChangesOptions): Promise<ChangeBatch> {
    const args = requireChangesArguments(since, options);
    return this.reads.changes(args.since, args.limit);
  }

  /**
   * PostgreSQL through postgres.js only: `LISTEN` on the feed's channel (every write sends a `NOTIFY`
   * in its transaction, delivered once it commits). Absent on MySQL, SQLite and node-postgres: poll
   * `getChanges` there.
   */
  readonly subscribe?: (listener: ChangeListener) => Promise<() => Promise<void>>;

  getRevision(): Promise<string> {
    return this.reads.revision();
  }

  /**
   * Whether the database answers and every table of the backend exists (a query reading no row from
   * each), within 5 s (or the operation timeout when shorter); false on any failure, timeout, or after `close()`.
   */
  async healthCheck(): Promise<boolean> {
    if (this.closing) return false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), this.healthTimeoutMs);
    });
    const ping = this.glue.exec(this.db, this.healthProbe).then(
      () => true,
      () => false,
    );
    try {
      return await Promise.race([ping, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Runs `onClose` once (ends the connection when the backend made it); later calls wait for the first. */
  close(): Promise<void> {
    this.gate.close();
    this.closing ??= Promise.all([...this.unlistens].map((stop) => stop())).then(() => this.onClose?.());
    return this.closing;
  }
}
