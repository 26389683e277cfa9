import {
  type FeatureFlag,
  type FeatureFlagInput,
  type FlagOverride,
  type FlagOverrideInput,
  isOverrideExpired,
  type OverrideEntity,
  type RolloutPhase,
  type RolloutPhaseInput,
  type ScheduledChangeQuery,
  type ScheduledFlagChange,
  type ScheduledFlagChangeInput,
  type Segment,
  type SegmentInput,
  type StorageBackend,
  StorageError,
  type TimeSchedule,
  type TimeScheduleInput,
  type TimeScheduleQuery,
} from '@flags/core';
import { compareText, PACKAGE } from './checks.js';
import { type StoreDocument, Unchanged } from './document.js';
import { insertFlag, putOverride, removeFlag, removeOverride, replaceFlag } from './flag-edits.js';
import { JsonFile } from './json-file.js';
import {
  claimRecord,
  insertRolloutPhase,
  insertScheduledChange,
  insertTimeSchedule,
  markRecordExecuted,
  removeRecord,
  replaceScheduledChange,
  replaceTimeSchedule,
} from './record-edits.js';
import { insertSegment, removeSegment, replaceSegment } from './segment-edits.js';

/** Options of {@link JsonFileStorageBackend}. */
export interface JsonFileStorageBackendOptions {
  /** The file that holds the store; the first write creates it (its folder must exist). */
  path: string;
}

const byTime = (a: Date, b: Date): number => a.getTime() - b.getTime();

/**
 * A `StorageBackend` in one JSON file. Every read loads the file; every write loads it, edits the
 * document and replaces the file atomically (temporary file, fsync, rename). Writers in one process
 * queue per file, so concurrent writes never lose each other. Meant for one process — small
 * deployments, CLIs, tests; several processes need a database backend.
 */
export class JsonFileStorageBackend implements StorageBackend {
  readonly #file: JsonFile;
  #closed = false;

  constructor(options: JsonFileStorageBackendOptions) {
    this.#file = new JsonFile(options.path);
  }

  /** The absolute path of the store's file: a new backend on the same path reopens the store. */
  get path(): string {
    return this.#file.path;
  }

  async #load(): Promise<StoreDocument> {
    if (this.#closed) throw new StorageError(`${PACKAGE} the store at ${this.path} is closed`);
    try {
      return await this.#file.load();
    } catch (error) {
      throw new StorageError(`${PACKAGE} cannot read ${this.path}: ${(error as Error).message}`, { cause: error });
    }
  }

  /** Answers `query` from a freshly loaded document, so callers always get copies. */
  async #read<T>(query: (document: StoreDocument, now: Date) => T): Promise<T> {
    return query(await this.#load(), new Date());
  }

  /**
   * Loads the document, applies `edit` and saves the result, alone among this file's writers.
   * An edit that throws (validation, conflict, not found) or returns `Unchanged` writes nothing.
   */
  #write<T>(edit: (document: StoreDocument, now: Date) => T | Unchanged<T>): Promise<T> {
    return this.#file.exclusive(async () => {
      const document = await this.#load();
      const result = edit(document, new Date());
      if (result instanceof Unchanged) return result.answer;
      document.revision += 1;
      try {
        await this.#file.save(document);
      } catch (error) {
        throw new StorageError(`${PACKAGE} cannot write ${this.path}: ${(error as Error).message}`, { cause: error });
      }
      return result;
    });
  }

  #withSchedules(document: StoreDocument, flag: FeatureFlag): FeatureFlag {
    const timeSchedules = document.timeSchedules
      .filter((schedule) => schedule.flagId === flag.id)
      .sort((a, b) => compareText(a.name, b.name) || compareText(a.id, b.id));
    return { ...flag, timeSchedules };
  }

  #liveOverrides(document: StoreDocument, now: Date): FlagOverride[] {
    return document.overrides.filter((override) => !isOverrideExpired(override, now));
  }

  getFlag(key: string): Promise<FeatureFlag | null> {
    return this.#read((document) => {
      const flag = document.flags.find((stored) => stored.key === key);
      return flag ? this.#withSchedules(document, flag) : null;
    });
  }

  getFlags(keys: readonly string[]): Promise<Map<string, FeatureFlag>> {
    const wanted = new Set(keys);
    return this.#read(
      (document) =>
        new Map(
          document.flags
            .filter((flag) => wanted.has(flag.key))
            .map((flag) => [flag.key, this.#withSchedules(document, flag)]),
        ),
    );
  }

  getAllActiveFlags(): Promise<FeatureFlag[]> {
    return this.getAllFlags().then((flags) => flags.filter((flag) => flag.status === 'active'));
  }

  getAllFlags(): Promise<FeatureFlag[]> {
    return this.#read((document) =>
      [...document.flags].sort((a, b) => compareText(a.key, b.key)).map((flag) => this.#withSchedules(document, flag)),
    );
  }

  createFlag(flag: FeatureFlagInput): Promise<FeatureFlag> {
    return this.#write((document, now) => insertFlag(document, flag, now));
  }

  updateFlag(flag: FeatureFlag | FeatureFlagInput): Promise<FeatureFlag> {
    return this.#write((document, now) => this.#withSchedules(document, replaceFlag(document, flag, now)));
  }

  deleteFlag(key: string): Promise<boolean> {
    return this.#write((document) => removeFlag(document, key));
  }

  getOverride(flagId: string, entityType: string, entityId: string): Promise<FlagOverride | null> {
    return this.#read(
      (document, now) =>
        this.#liveOverrides(document, now).find(
          (o) => o.flagId === flagId && o.entityType === entityType && o.entityId === entityId,
        ) ?? null,
    );
  }

  getOverrides(flagId: string, entities: readonly OverrideEntity[]): Promise<FlagOverride[]> {
    return this.getOverridesForFlags([flagId], entities);
  }

  getOverridesForFlags(flagIds: readonly string[], entities: readonly OverrideEntity[]): Promise<FlagOverride[]> {
    const flags = new Set(flagIds);
    return this.#read((document, now) =>
      this.#liveOverrides(document, now).filter(
        (o) => flags.has(o.flagId) && entities.some((e) => e.entityType === o.entityType && e.entityId === o.entityId),
      ),
    );
  }

  listOverrides(flagId: string): Promise<FlagOverride[]> {
    return this.#read((document, now) =>
      this.#liveOverrides(document, now)
        .filter((o) => o.flagId === flagId)
        .sort((a, b) => compareText(a.entityType, b.entityType) || compareText(a.entityId, b.entityId)),
    );
  }

  upsertOverride(override: FlagOverrideInput): Promise<FlagOverride> {
    return this.#write((document, now) => putOverride(document, override, now));
  }

  deleteOverride(flagId: string, entityType: string, entityId: string): Promise<boolean> {
    return this.#write((document) => removeOverride(document, flagId, entityType, entityId));
  }

  getScheduledChanges({ flagId, pendingOnly = true }: ScheduledChangeQuery = {}): Promise<ScheduledFlagChange[]> {
    return this.#read((document) =>
      document.scheduledChanges
        .filter((c) => (flagId === undefined || c.flagId === flagId) && (!pendingOnly || !c.executed))
        .sort((a, b) => byTime(a.scheduledAt, b.scheduledAt) || compareText(a.id, b.id)),
    );
  }

  createScheduledChange(change: ScheduledFlagChangeInput): Promise<ScheduledFlagChange> {
    return this.#write((document, now) => insertScheduledChange(document, change, now));
  }

  updateScheduledChange(change: ScheduledFlagChange | ScheduledFlagChangeInput): Promise<ScheduledFlagChange> {
    return this.#write((document, now) => replaceScheduledChange(document, change, now));
  }

  deleteScheduledChange(id: string): Promise<boolean> {
    return this.#write((document) => removeRecord(document.scheduledChanges, id));
  }

  claimScheduledChange(id: string, owner: string, leaseMs: number): Promise<boolean> {
    return this.#write((document, now) => claimRecord(document.scheduledChanges, id, owner, leaseMs, now));
  }

  markScheduledChangeExecuted(id: string, executedAt: Date, outcome: string | null = null): Promise<boolean> {
    return this.#write((document, now) => markRecordExecuted(document.scheduledChanges, id, executedAt, outcome, now));
  }

  getTimeSchedules({ flagId }: TimeScheduleQuery = {}): Promise<TimeSchedule[]> {
    return this.#read((document) =>
      document.timeSchedules
        .filter((t) => flagId === undefined || t.flagId === flagId)
        .sort((a, b) => compareText(a.flagId, b.flagId) || compareText(a.name, b.name) || compareText(a.id, b.id)),
    );
  }

  createTimeSchedule(schedule: TimeScheduleInput): Promise<TimeSchedule> {
    return this.#write((document, now) => insertTimeSchedule(document, schedule, now));
  }

  updateTimeSchedule(schedule: TimeSchedule | TimeScheduleInput): Promise<TimeSchedule> {
    return this.#write((document, now) => replaceTimeSchedule(document, schedule, now));
  }

  deleteTimeSchedule(id: string): Promise<boolean> {
    return this.#write((document) => removeRecord(document.timeSchedules, id));
  }

  getRolloutPhases(flagId: string): Promise<RolloutPhase[]> {
    return this.#read((document) =>
      document.rolloutPhases.filter((p) => p.flagId === flagId).sort((a, b) => a.phaseNumber - b.phaseNumber),
    );
  }

  getPendingRolloutPhases(): Promise<RolloutPhase[]> {
    return this.#read((document) =>
      document.rolloutPhases
        .filter((p) => !p.executed)
        .sort(
          (a, b) => byTime(a.scheduledAt, b.scheduledAt) || a.phaseNumber - b.phaseNumber || compareText(a.id, b.id),
        ),
    );
  }

  createRolloutPhase(phase: RolloutPhaseInput): Promise<RolloutPhase> {
    return this.#write((document, now) => insertRolloutPhase(document, phase, now));
  }

  claimRolloutPhase(id: string, owner: string, leaseMs: number): Promise<boolean> {
    return this.#write((document, now) => claimRecord(document.rolloutPhases, id, owner, leaseMs, now));
  }

  markRolloutPhaseExecuted(id: string, executedAt: Date, outcome: string | null = null): Promise<boolean> {
    return this.#write((document, now) => markRecordExecuted(document.rolloutPhases, id, executedAt, outcome, now));
  }

  deleteRolloutPhase(id: string): Promise<boolean> {
    return this.#write((document) => removeRecord(document.rolloutPhases, id));
  }

  getSegment(id: string): Promise<Segment | null> {
    return this.#read((document) => document.segments.find((s) => s.id === id) ?? null);
  }

  getSegmentByName(name: string): Promise<Segment | null> {
    return this.#read((document) => document.segments.find((s) => s.name === name) ?? null);
  }

  getAllSegments(): Promise<Segment[]> {
    return this.#read((document) => [...document.segments].sort((a, b) => compareText(a.name, b.name)));
  }

  getChildSegments(parentId: string): Promise<Segment[]> {
    return this.#read((document) =>
      document.segments.filter((s) => s.parentSegmentId === parentId).sort((a, b) => compareText(a.name, b.name)),
    );
  }

  createSegment(segment: SegmentInput): Promise<Segment> {
    return this.#write((document, now) => insertSegment(document, segment, now));
  }

  updateSegment(segment: Segment | SegmentInput): Promise<Segment> {
    return this.#write((document, now) => replaceSegment(document, segment, now));
  }

  deleteSegment(id: string): Promise<boolean> {
    return this.#write((document) => removeSegment(document, id));
  }

  getRevision(): Promise<string> {
    return this.#read((document) => String(document.revision));
  }

  /** True while the file can be read (or does not exist yet); never throws. */
  async healthCheck(): Promise<boolean> {
    try {
      await this.#load();
      return true;
    } catch {
      return false;
    }
  }

  /** Nothing to release but the handle on the path; later calls reject with StorageError. Idempotent. */
  async close(): Promise<void> {
    this.#closed = true;
  }
}
