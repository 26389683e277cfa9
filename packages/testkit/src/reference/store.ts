import {
  type ChangeBatch,
  type ChangeListener,
  type FeatureFlag,
  type FeatureFlagInput,
  type FeedRetention,
  type FlagOverride,
  type FlagOverrideInput,
  type GetChangesOptions,
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
  type TimeSchedule,
  type TimeScheduleInput,
  type TimeScheduleQuery,
  type WriteOptions,
} from '@flags/core';
import {
  closedError,
  requireChangesArguments,
  requireFlagBatch,
  requireOverrideBatch,
  requireRolloutPhaseBatch,
  requireScheduledChangeBatch,
  requireTimeScheduleBatch,
  resolveFeedRetention,
} from '@flags/core/backend';
import { compareText as compare } from '../compare.js';
import { ReferenceDocument, type ReferenceState, removeById, Unchanged } from './document.js';
import type { ReferenceRetention } from './feed.js';
import { insertFlag, putOverride, removeFlag, removeOverride, replaceFlag } from './flag-writes.js';
import {
  checkFence,
  claimRecord,
  insertRolloutPhase,
  insertScheduledChange,
  insertTimeSchedule,
  markRecordExecuted,
  replaceScheduledChange,
  replaceTimeSchedule,
} from './schedule-writes.js';
import { insertSegment, removeSegment, replaceSegment } from './segment-writes.js';

const byTime = (a: Date, b: Date): number => a.getTime() - b.getTime();

/**
 * The testkit's own deliberately simple `StorageBackend`, against which the testkit proves its checks.
 * Every read clones its answer out of the document; every write clones the whole document, edits the
 * clone synchronously (so concurrent callers can never interleave) and swaps it in. Not for production.
 */
export class ReferenceStorageBackend implements StorageBackend {
  private closed = false;
  private readonly retention: ReferenceRetention;
  private readonly stops = new Set<() => void>();

  /**
   * @param document the data; pass another store's `document` to reopen it. @default a new, empty one
   * @param options `feedRetention` as every backend takes it. @default { maxChanges: 10000 }
   */
  constructor(
    readonly document: ReferenceDocument = new ReferenceDocument(),
    options: { feedRetention?: FeedRetention } = {},
  ) {
    this.retention = { ...resolveFeedRetention(options.feedRetention, '[@flags/testkit] options') };
  }

  /** Answers `query` from a deep copy, so callers never hold the stored objects. */
  protected async read<T>(query: (state: ReferenceState, now: Date) => T): Promise<T> {
    this.assertOpen();
    return structuredClone(query(this.document.state, new Date()));
  }

  /** Runs `change` on a copy of the document and commits it, unless it throws or returns {@link Unchanged}. */
  protected async write<T>(change: (draft: ReferenceState, now: Date) => T | Unchanged<T>): Promise<T> {
    this.assertOpen();
    const draft = structuredClone(this.document.state);
    const now = new Date();
    const result = change(draft, now);
    if (result instanceof Unchanged) return result.answer;
    draft.revision += 1;
    this.document.feed.record(this.document.state, draft, now.getTime(), this.retention);
    this.document.state = draft;
    return structuredClone(result);
  }

  /** Every call but `close()` and `healthCheck()` rejects after `close()`, as on every backend. */
  protected assertOpen(): void {
    if (this.closed) throw closedError('[@flags/testkit]');
  }

  /** The flag as a read returns it: with its time schedules attached. */
  protected withSchedules(state: ReferenceState, flag: FeatureFlag): FeatureFlag {
    const timeSchedules = state.timeSchedules
      .filter((schedule) => schedule.flagId === flag.id)
      .sort((a, b) => compare(a.name, b.name) || compare(a.id, b.id));
    return { ...flag, timeSchedules };
  }

  /** The overrides a read may return: unexpired ones. */
  protected liveOverrides(state: ReferenceState, now: Date): FlagOverride[] {
    return state.overrides.filter((o) => !isOverrideExpired(o, now));
  }

  getFlag(key: string): Promise<FeatureFlag | null> {
    return this.read((s) => {
      const flag = s.flags.find((f) => f.key === key);
      return flag ? this.withSchedules(s, flag) : null;
    });
  }

  getFlags(keys: readonly string[]): Promise<Map<string, FeatureFlag>> {
    return this.read(
      (s) => new Map(s.flags.filter((f) => keys.includes(f.key)).map((f) => [f.key, this.withSchedules(s, f)])),
    );
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
    return this.write((s, now) => insertFlag(s, input, now));
  }

  /** All or nothing for free: the draft is dropped when any flag of the batch fails. */
  createFlags(inputs: readonly FeatureFlagInput[]): Promise<FeatureFlag[]> {
    return this.write((s, now) => {
      const batch = requireFlagBatch(inputs);
      return batch.length === 0 ? new Unchanged([]) : batch.map((flag) => insertFlag(s, flag, now));
    });
  }

  updateFlag(input: FeatureFlag | FeatureFlagInput, options?: WriteOptions): Promise<FeatureFlag> {
    return this.write((s, now) => {
      checkFence(s, options, now, 'flag');
      return this.withSchedules(s, replaceFlag(s, input, now));
    });
  }

  deleteFlag(key: string): Promise<boolean> {
    return this.write((s) => removeFlag(s, key));
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

  getOverridesForEntities(entities: readonly OverrideEntity[]): Promise<FlagOverride[]> {
    return this.read((s, now) =>
      this.liveOverrides(s, now).filter((o) =>
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
    return this.write((s, now) => putOverride(s, input, now));
  }

  /** All or nothing for free: the draft is dropped when any override of the batch fails. */
  upsertOverrides(inputs: readonly FlagOverrideInput[]): Promise<FlagOverride[]> {
    return this.write((s, now) => {
      const batch = requireOverrideBatch(inputs);
      return batch.length === 0 ? new Unchanged([]) : batch.map((input) => putOverride(s, input, now));
    });
  }

  deleteOverride(flagId: string, entityType: string, entityId: string): Promise<boolean> {
    return this.write((s, now) => removeOverride(s, flagId, entityType, entityId, now));
  }

  getScheduledChanges(query: ScheduledChangeQuery = {}): Promise<ScheduledFlagChange[]> {
    const { flagId, pendingOnly = true } = query;
    return this.read((s) =>
      s.scheduledChanges
        .filter((c) => (flagId === undefined || c.flagId === flagId) && (!pendingOnly || !c.executed))
        .sort((a, b) => byTime(a.scheduledAt, b.scheduledAt) || compare(a.id, b.id)),
    );
  }

  createScheduledChange(input: ScheduledFlagChangeInput): Promise<ScheduledFlagChange> {
    return this.write((s, now) => insertScheduledChange(s, input, now));
  }

  createScheduledChanges(inputs: readonly ScheduledFlagChangeInput[]): Promise<ScheduledFlagChange[]> {
    return this.write((s, now) => {
      const batch = requireScheduledChangeBatch(inputs);
      return batch.length === 0 ? new Unchanged([]) : batch.map((input) => insertScheduledChange(s, input, now));
    });
  }

  updateScheduledChange(input: ScheduledFlagChange | ScheduledFlagChangeInput): Promise<ScheduledFlagChange> {
    return this.write((s, now) => replaceScheduledChange(s, input, now));
  }

  deleteScheduledChange(id: string): Promise<boolean> {
    return this.write((s) => removeById(s, 'scheduledChanges', id));
  }

  claimScheduledChange(id: string, owner: string, leaseMs: number): Promise<boolean> {
    return this.write((s, now) => claimRecord(s, 'scheduled_change', id, owner, leaseMs, now));
  }

  markScheduledChangeExecuted(
    id: string,
    executedAt: Date,
    outcome?: string | null,
    options?: WriteOptions,
  ): Promise<boolean> {
    return this.write((s, now) => markRecordExecuted(s, 'scheduled_change', id, executedAt, outcome, options, now));
  }

  getTimeSchedules(query: TimeScheduleQuery = {}): Promise<TimeSchedule[]> {
    return this.read((s) =>
      s.timeSchedules
        .filter((t) => query.flagId === undefined || t.flagId === query.flagId)
        .sort((a, b) => compare(a.flagId, b.flagId) || compare(a.name, b.name) || compare(a.id, b.id)),
    );
  }

  createTimeSchedule(input: TimeScheduleInput): Promise<TimeSchedule> {
    return this.write((s, now) => insertTimeSchedule(s, input, now));
  }

  createTimeSchedules(inputs: readonly TimeScheduleInput[]): Promise<TimeSchedule[]> {
    return this.write((s, now) => {
      const batch = requireTimeScheduleBatch(inputs);
      return batch.length === 0 ? new Unchanged([]) : batch.map((input) => insertTimeSchedule(s, input, now));
    });
  }

  updateTimeSchedule(input: TimeSchedule | TimeScheduleInput): Promise<TimeSchedule> {
    return this.write((s, now) => replaceTimeSchedule(s, input, now));
  }

  deleteTimeSchedule(id: string): Promise<boolean> {
    return this.write((s) => removeById(s, 'timeSchedules', id));
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
        .sort((a, b) => byTime(a.scheduledAt, b.scheduledAt) || a.phaseNumber - b.phaseNumber || compare(a.id, b.id)),
    );
  }

  createRolloutPhase(input: RolloutPhaseInput): Promise<RolloutPhase> {
    return this.write((s, now) => insertRolloutPhase(s, input, now));
  }

  createRolloutPhases(inputs: readonly RolloutPhaseInput[]): Promise<RolloutPhase[]> {
    return this.write((s, now) => {
      const batch = requireRolloutPhaseBatch(inputs);
      return batch.length === 0 ? new Unchanged([]) : batch.map((input) => insertRolloutPhase(s, input, now));
    });
  }

  claimRolloutPhase(id: string, owner: string, leaseMs: number): Promise<boolean> {
    return this.write((s, now) => claimRecord(s, 'rollout_phase', id, owner, leaseMs, now));
  }

  markRolloutPhaseExecuted(
    id: string,
    executedAt: Date,
    outcome?: string | null,
    options?: WriteOptions,
  ): Promise<boolean> {
    return this.write((s, now) => markRecordExecuted(s, 'rollout_phase', id, executedAt, outcome, options, now));
  }

  deleteRolloutPhase(id: string): Promise<boolean> {
    return this.write((s) => removeById(s, 'rolloutPhases', id));
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
    return this.write((s, now) => insertSegment(s, input, now));
  }

  updateSegment(input: Segment | SegmentInput): Promise<Segment> {
    return this.write((s, now) => replaceSegment(s, input, now));
  }

  deleteSegment(id: string): Promise<boolean> {
    return this.write((s) => removeSegment(s, id));
  }

  async getChanges(since: number | null, options?: GetChangesOptions): Promise<ChangeBatch> {
    const args = requireChangesArguments(since, options);
    this.document.feed.trim(Date.now(), this.retention);
    return this.document.feed.read(args.since, args.limit);
  }

  async subscribe(listener: ChangeListener): Promise<() => Promise<void>> {
    const own = () => listener();
    this.document.feed.listeners.add(own);
    const stop = () => {
      this.document.feed.listeners.delete(own);
    };
    this.stops.add(stop);
    return async () => stop();
  }

  getRevision(): Promise<string> {
    return this.read((s) => String(s.revision));
  }

  async healthCheck(): Promise<boolean> {
    return !this.closed;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const stop of this.stops) stop();
  }
}
