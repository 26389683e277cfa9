import {
  ConflictError,
  createFlag,
  createOverride,
  createRolloutPhase,
  createScheduledChange,
  createSegment,
  createTimeSchedule,
  type FeatureFlag,
  type FeatureFlagInput,
  type FlagOverride,
  type FlagOverrideInput,
  isOverrideExpired,
  NotFoundError,
  type OverrideEntity,
  type RolloutPhase,
  type RolloutPhaseInput,
  type ScheduledChangeQuery,
  type ScheduledFlagChange,
  type ScheduledFlagChangeInput,
  type Segment,
  type SegmentInput,
  type StorageBackend,
  type TimeSchedule,
  type TimeScheduleInput,
  type TimeScheduleQuery,
} from '@flags/core';
import { compareText as compare } from './compare.js';
import { claimRecord, markRecordExecuted, ReferenceDocument, type ReferenceState, Unchanged } from './reference-document.js';

const PREFIX = '[@flags/testkit]';

/**
 * The testkit's own deliberately simple `StorageBackend`, against which the testkit proves its checks.
 * Every read clones its answer out of the document; every write clones the whole document, edits the
 * clone synchronously (so concurrent callers can never interleave) and swaps it in. Not for production.
 */
export class ReferenceStorageBackend implements StorageBackend {
  private closed = false;

  /** @param document the data; pass another store's `document` to reopen it. @default a new, empty one */
  constructor(readonly document: ReferenceDocument = new ReferenceDocument()) {}

  /** Answers `query` from a deep copy, so callers never hold the stored objects. */
  protected async read<T>(query: (state: ReferenceState, now: Date) => T): Promise<T> {
    return structuredClone(query(this.document.state, new Date()));
  }

  /** Runs `change` on a copy of the document and commits it, unless it throws or returns {@link Unchanged}. */
  protected async write<T>(change: (draft: ReferenceState, now: Date) => T | Unchanged<T>): Promise<T> {
    const draft = structuredClone(this.document.state);
    const result = change(draft, new Date());
    if (result instanceof Unchanged) return result.value;
    draft.revision += 1;
    this.document.state = draft;
    return structuredClone(result);
  }

  /** The flag as a read returns it: with its time schedules attached. */
  protected withSchedules(state: ReferenceState, flag: FeatureFlag): FeatureFlag {
    const timeSchedules = state.timeSchedules
      .filter((schedule) => schedule.flagId === flag.id)
      .sort((a, b) => compare(a.name, b.name) || compare(a.id, b.id));
    return { ...flag, timeSchedules };
  }

  getFlag(key: string): Promise<FeatureFlag | null> {
    return this.read((s) => {
      const flag = s.flags.find((f) => f.key === key);
      return flag ? this.withSchedules(s, flag) : null;
    });
  }

  getFlags(keys: readonly string[]): Promise<Map<string, FeatureFlag>> {
    return this.read((s) => new Map(s.flags.filter((f) => keys.includes(f.key)).map((f) => [f.key, this.withSchedules(s, f)])));
  }

  getAllActiveFlags(): Promise<FeatureFlag[]> {
    return this.read((s) =>
      s.flags
        .filter((f) => f.status === 'active')
        .sort((a, b) => compare(a.key, b.key))
        .map((f) => this.withSchedules(s, f)),
    );
  }

  getAllFlags(): Promise<FeatureFlag[]> {
    return this.read((s) => [...s.flags].sort((a, b) => compare(a.key, b.key)).map((f) => this.withSchedules(s, f)));
  }

  createFlag(input: FeatureFlagInput): Promise<FeatureFlag> {
    return this.write((s, now) => {
      const flag = createFlag(input);
      if (s.flags.some((f) => f.key === flag.key)) throw new ConflictError(`${PREFIX} flag key "${flag.key}" is taken`);
      if (s.flags.some((f) => f.id === flag.id)) throw new ConflictError(`${PREFIX} flag id "${flag.id}" is taken`);
      const stored = { ...flag, timeSchedules: [], version: 1, createdAt: now, updatedAt: now };
      s.flags.push(stored);
      return stored;
    });
  }

  updateFlag(input: FeatureFlag | FeatureFlagInput): Promise<FeatureFlag> {
    return this.write((s, now) => {
      const flag = createFlag(input);
      const index = s.flags.findIndex((f) => f.key === flag.key && (input.id === undefined || f.id === flag.id));
      const current = s.flags[index];
      if (!current) throw new NotFoundError(`${PREFIX} no flag "${flag.key}" with id "${flag.id}"`);
      if (flag.version !== current.version) {
        throw new ConflictError(`${PREFIX} flag "${flag.key}" is at version ${current.version}, not ${flag.version}`);
      }
      const stored: FeatureFlag = {
        ...flag,
        id: current.id,
        timeSchedules: [],
        version: current.version + 1,
        createdAt: current.createdAt,
        updatedAt: now,
      };
      s.flags[index] = stored;
      return this.withSchedules(s, stored);
    });
  }

  deleteFlag(key: string): Promise<boolean> {
    return this.write((s) => {
      const flag = s.flags.find((f) => f.key === key);
      if (!flag) return new Unchanged(false);
      const other = <T extends { flagId: string }>(item: T) => item.flagId !== flag.id;
      s.flags = s.flags.filter((f) => f !== flag);
      s.overrides = s.overrides.filter(other);
      s.scheduledChanges = s.scheduledChanges.filter(other);
      s.timeSchedules = s.timeSchedules.filter(other);
      s.rolloutPhases = s.rolloutPhases.filter(other);
      return true;
    });
  }

  /** The overrides a read may return: unexpired ones. */
  protected liveOverrides(state: ReferenceState, now: Date): FlagOverride[] {
    return state.overrides.filter((o) => !isOverrideExpired(o, now));
  }

  getOverride(flagId: string, entityType: string, entityId: string): Promise<FlagOverride | null> {
    return this.read(
      (s, now) =>
        this.liveOverrides(s, now).find(
          (o) => o.flagId === flagId && o.entityType === entityType && o.entityId === entityId,
        ) ?? null,
    );
  }

  getOverrides(flagId: string, entities: readonly OverrideEntity[]): Promise<FlagOverride[]> {
    return this.getOverridesForFlags([flagId], entities);
  }

  getOverridesForFlags(flagIds: readonly string[], entities: readonly OverrideEntity[]): Promise<FlagOverride[]> {
    return this.read((s, now) =>
      this.liveOverrides(s, now).filter(
        (o) =>
          flagIds.includes(o.flagId) &&
          entities.some((e) => e.entityType === o.entityType && e.entityId === o.entityId),
      ),
    );
  }

  listOverrides(flagId: string): Promise<FlagOverride[]> {
    return this.read((s, now) =>
      this.liveOverrides(s, now)
        .filter((o) => o.flagId === flagId)
        .sort((a, b) => compare(a.entityType, b.entityType) || compare(a.entityId, b.entityId)),
    );
  }

  upsertOverride(input: FlagOverrideInput): Promise<FlagOverride> {
    return this.write<FlagOverride>((s, now) => {
      const override = createOverride(input);
      this.requireFlag(s, override.flagId);
      const same = (o: FlagOverride) =>
        o.flagId === override.flagId && o.entityType === override.entityType && o.entityId === override.entityId;
      const current = s.overrides.find(same);
      const stored: FlagOverride = current
        ? { ...override, id: current.id, createdAt: current.createdAt, updatedAt: now }
        : { ...override, createdAt: now, updatedAt: now };
      s.overrides = [...s.overrides.filter((o) => !same(o)), stored];
      return stored;
    });
  }

  deleteOverride(flagId: string, entityType: string, entityId: string): Promise<boolean> {
    return this.write((s) => {
      const kept = s.overrides.filter(
        (o) => !(o.flagId === flagId && o.entityType === entityType && o.entityId === entityId),
      );
      if (kept.length === s.overrides.length) return new Unchanged(false);
      s.overrides = kept;
      return true;
    });
  }

  getScheduledChanges(query: ScheduledChangeQuery = {}): Promise<ScheduledFlagChange[]> {
    const { flagId, pendingOnly = true } = query;
    return this.read((s) =>
      s.scheduledChanges
        .filter((c) => (flagId === undefined || c.flagId === flagId) && (!pendingOnly || !c.executed))
        .sort((a, b) => a.scheduledAt.getTime() - b.scheduledAt.getTime() || compare(a.id, b.id)),
    );
  }

  createScheduledChange(input: ScheduledFlagChangeInput): Promise<ScheduledFlagChange> {
    return this.write((s, now) => {
      const change = createScheduledChange(input);
      this.requireFlag(s, change.flagId);
      this.requireFreeId(s.scheduledChanges, change.id, 'scheduled change');
      const stored = { ...change, createdAt: now, updatedAt: now };
      s.scheduledChanges.push(stored);
      return stored;
    });
  }

  updateScheduledChange(input: ScheduledFlagChange | ScheduledFlagChangeInput): Promise<ScheduledFlagChange> {
    return this.write((s, now) => {
      const change = createScheduledChange(input);
      const index = this.requireIndex(s.scheduledChanges, change.id, 'scheduled change');
      this.requireFlag(s, change.flagId);
      const stored = { ...change, createdAt: s.scheduledChanges[index]!.createdAt, updatedAt: now };
      s.scheduledChanges[index] = stored;
      return stored;
    });
  }

  deleteScheduledChange(id: string): Promise<boolean> {
    return this.write((s) => this.removeById(s, 'scheduledChanges', id));
  }

  claimScheduledChange(id: string, owner: string, leaseMs: number): Promise<boolean> {
    return this.write((s, now) => claimRecord(s.scheduledChanges, id, owner, leaseMs, now));
  }

  markScheduledChangeExecuted(id: string, executedAt: Date, outcome: string | null = null): Promise<boolean> {
    return this.write((s, now) => markRecordExecuted(s.scheduledChanges, id, executedAt, outcome, now));
  }

  getTimeSchedules(query: TimeScheduleQuery = {}): Promise<TimeSchedule[]> {
    return this.read((s) =>
      s.timeSchedules
        .filter((t) => query.flagId === undefined || t.flagId === query.flagId)
        .sort((a, b) => compare(a.flagId, b.flagId) || compare(a.name, b.name) || compare(a.id, b.id)),
    );
  }

  createTimeSchedule(input: TimeScheduleInput): Promise<TimeSchedule> {
    return this.write((s, now) => {
      const schedule = createTimeSchedule(input);
      this.requireFlag(s, schedule.flagId);
      this.requireFreeId(s.timeSchedules, schedule.id, 'time schedule');
      const stored = { ...schedule, createdAt: now, updatedAt: now };
      s.timeSchedules.push(stored);
      return stored;
    });
  }

  updateTimeSchedule(input: TimeSchedule | TimeScheduleInput): Promise<TimeSchedule> {
    return this.write((s, now) => {
      const schedule = createTimeSchedule(input);
      const index = this.requireIndex(s.timeSchedules, schedule.id, 'time schedule');
      this.requireFlag(s, schedule.flagId);
      const stored = { ...schedule, createdAt: s.timeSchedules[index]!.createdAt, updatedAt: now };
      s.timeSchedules[index] = stored;
      return stored;
    });
  }

  deleteTimeSchedule(id: string): Promise<boolean> {
    return this.write((s) => this.removeById(s, 'timeSchedules', id));
  }

  getRolloutPhases(flagId: string): Promise<RolloutPhase[]> {
    return this.read((s) =>
      s.rolloutPhases.filter((p) => p.flagId === flagId).sort((a, b) => a.phaseNumber - b.phaseNumber),
    );
  }

  getPendingRolloutPhases(): Promise<RolloutPhase[]> {
    return this.read((s) =>
      s.rolloutPhases
        .filter((p) => !p.executed)
        .sort(
          (a, b) =>
            a.scheduledAt.getTime() - b.scheduledAt.getTime() || a.phaseNumber - b.phaseNumber || compare(a.id, b.id),
        ),
    );
  }

  createRolloutPhase(input: RolloutPhaseInput): Promise<RolloutPhase> {
    return this.write((s, now) => {
      const phase = createRolloutPhase(input);
      this.requireFlag(s, phase.flagId);
      this.requireFreeId(s.rolloutPhases, phase.id, 'rollout phase');
      if (s.rolloutPhases.some((p) => p.flagId === phase.flagId && p.phaseNumber === phase.phaseNumber)) {
        throw new ConflictError(`${PREFIX} flag "${phase.flagId}" already has phase ${phase.phaseNumber}`);
      }
      const stored = { ...phase, createdAt: now, updatedAt: now };
      s.rolloutPhases.push(stored);
      return stored;
    });
  }

  claimRolloutPhase(id: string, owner: string, leaseMs: number): Promise<boolean> {
    return this.write((s, now) => claimRecord(s.rolloutPhases, id, owner, leaseMs, now));
  }

  markRolloutPhaseExecuted(id: string, executedAt: Date, outcome: string | null = null): Promise<boolean> {
    return this.write((s, now) => markRecordExecuted(s.rolloutPhases, id, executedAt, outcome, now));
  }

  deleteRolloutPhase(id: string): Promise<boolean> {
    return this.write((s) => this.removeById(s, 'rolloutPhases', id));
  }

  getSegment(id: string): Promise<Segment | null> {
    return this.read((s) => s.segments.find((g) => g.id === id) ?? null);
  }

  getSegmentByName(name: string): Promise<Segment | null> {
    return this.read((s) => s.segments.find((g) => g.name === name) ?? null);
  }

  getAllSegments(): Promise<Segment[]> {
    return this.read((s) => [...s.segments].sort((a, b) => compare(a.name, b.name)));
  }

  getChildSegments(parentId: string): Promise<Segment[]> {
    return this.read((s) =>
      s.segments.filter((g) => g.parentSegmentId === parentId).sort((a, b) => compare(a.name, b.name)),
    );
  }

  createSegment(input: SegmentInput): Promise<Segment> {
    return this.write((s, now) => {
      const segment = createSegment(input);
      if (s.segments.some((g) => g.name === segment.name)) {
        throw new ConflictError(`${PREFIX} segment name "${segment.name}" is taken`);
      }
      this.requireFreeId(s.segments, segment.id, 'segment');
      this.requireParent(s, segment);
      const stored = { ...segment, version: 1, createdAt: now, updatedAt: now };
      s.segments.push(stored);
      return stored;
    });
  }

  updateSegment(input: Segment | SegmentInput): Promise<Segment> {
    return this.write((s, now) => {
      const segment = createSegment(input);
      const index = this.requireIndex(s.segments, segment.id, 'segment');
      const current = s.segments[index]!;
      if (segment.version !== current.version) {
        throw new ConflictError(`${PREFIX} segment "${segment.id}" is at version ${current.version}, not ${segment.version}`);
      }
      if (s.segments.some((g) => g.name === segment.name && g.id !== segment.id)) {
        throw new ConflictError(`${PREFIX} segment name "${segment.name}" is taken`);
      }
      this.requireParent(s, segment);
      const stored = { ...segment, version: current.version + 1, createdAt: current.createdAt, updatedAt: now };
      s.segments[index] = stored;
      return stored;
    });
  }

  deleteSegment(id: string): Promise<boolean> {
    return this.write((s) => {
      if (!s.segments.some((g) => g.id === id)) return new Unchanged(false);
      s.segments = s.segments
        .filter((g) => g.id !== id)
        .map((g) => (g.parentSegmentId === id ? { ...g, parentSegmentId: null } : g));
      return true;
    });
  }

  getRevision(): Promise<string> {
    return this.read((s) => String(s.revision));
  }

  async healthCheck(): Promise<boolean> {
    return !this.closed;
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private removeById<K extends 'scheduledChanges' | 'timeSchedules' | 'rolloutPhases'>(
    s: ReferenceState,
    table: K,
    id: string,
  ): boolean | Unchanged<boolean> {
    const rows: readonly { id: string }[] = s[table];
    if (!rows.some((row) => row.id === id)) return new Unchanged(false);
    s[table] = rows.filter((row) => row.id !== id) as ReferenceState[K];
    return true;
  }

  private requireFlag(s: ReferenceState, flagId: string): void {
    if (!s.flags.some((f) => f.id === flagId)) throw new NotFoundError(`${PREFIX} no flag has id "${flagId}"`);
  }

  private requireFreeId(rows: readonly { id: string }[], id: string, what: string): void {
    if (rows.some((row) => row.id === id)) throw new ConflictError(`${PREFIX} ${what} id "${id}" is taken`);
  }

  private requireIndex(rows: readonly { id: string }[], id: string, what: string): number {
    const index = rows.findIndex((row) => row.id === id);
    if (index < 0) throw new NotFoundError(`${PREFIX} no ${what} has id "${id}"`);
    return index;
  }

  private requireParent(s: ReferenceState, segment: Segment): void {
    const parent = segment.parentSegmentId;
    if (parent !== null && !s.segments.some((g) => g.id === parent)) {
      throw new NotFoundError(`${PREFIX} parent segment "${parent}" does not exist`);
    }
  }
}
