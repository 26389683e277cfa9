import {
  createFlag,
  type FeatureFlag,
  type FeatureFlagInput,
  type FlagOverride,
  type FlagOverrideInput,
  type RolloutPhase,
  type RolloutPhaseInput,
  type ScheduledFlagChange,
  type ScheduledFlagChangeInput,
  type Segment,
  type SegmentInput,
  type TimeSchedule,
  type TimeScheduleInput,
  ValidationError,
} from '@flags/core';
import { type ReferenceState, ReferenceStorageBackend, Unchanged } from '../src/index.js';
import { claimRecord } from '../src/reference/schedule-writes.js';

/**
 * Reference stores with one deliberate defect each. The self-test asserts the checks meant to catch a
 * defect fail on the store that has it.
 */

/** Hands out the stored objects themselves instead of copies. */
export class LiveReferencesStore extends ReferenceStorageBackend {
  protected override async read<T>(query: (state: ReferenceState, now: Date) => T): Promise<T> {
    return query(this.document.state, new Date());
  }

  protected override async write<T>(change: (draft: ReferenceState, now: Date) => T | Unchanged<T>): Promise<T> {
    const result = change(this.document.state, new Date());
    if (result instanceof Unchanged) return result.answer;
    this.document.state.revision += 1;
    return result;
  }
}

/** deleteFlag removes the flag row only: its overrides, changes, schedules and phases stay behind. */
export class NoCascadeStore extends ReferenceStorageBackend {
  override deleteFlag(key: string): Promise<boolean> {
    return this.write((s) => {
      const before = s.flags.length;
      s.flags = s.flags.filter((f) => f.key !== key);
      return s.flags.length < before ? true : new Unchanged(false);
    });
  }
}

/** deleteSegment leaves the children pointing at the deleted parent. */
export class NoOrphaningStore extends ReferenceStorageBackend {
  override deleteSegment(id: string): Promise<boolean> {
    return this.write((s) => {
      const before = s.segments.length;
      s.segments = s.segments.filter((g) => g.id !== id);
      return s.segments.length < before ? true : new Unchanged(false);
    });
  }
}

/** Versioned updates take whatever version is stored: last writer wins. */
export class StaleVersionStore extends ReferenceStorageBackend {
  override async updateFlag(input: FeatureFlag | FeatureFlagInput): Promise<FeatureFlag> {
    const current = await this.getFlag(input.key);
    return super.updateFlag(current ? { ...input, version: current.version } : input);
  }

  override async updateSegment(input: Segment | SegmentInput): Promise<Segment> {
    const current = input.id === undefined ? null : await this.getSegment(input.id);
    return super.updateSegment(current ? { ...input, version: current.version } : input);
  }
}

/** createFlag does not check that the key is free. */
export class DuplicateKeyStore extends ReferenceStorageBackend {
  override createFlag(input: FeatureFlagInput): Promise<FeatureFlag> {
    return this.write((s, now) => {
      const stored = { ...createFlag(input), version: 1, createdAt: now, updatedAt: now };
      s.flags.push(stored);
      return stored;
    });
  }
}

/** Claims ignore leases held by other owners. */
export class SharedClaimStore extends ReferenceStorageBackend {
  override claimScheduledChange(id: string, owner: string, leaseMs: number): Promise<boolean> {
    return this.write((s, now) => {
      released(s.scheduledChanges);
      return claimRecord(s, 'scheduled_change', id, owner, leaseMs, now);
    });
  }

  override claimRolloutPhase(id: string, owner: string, leaseMs: number): Promise<boolean> {
    return this.write((s, now) => {
      released(s.rolloutPhases);
      return claimRecord(s, 'rollout_phase', id, owner, leaseMs, now);
    });
  }
}

function released<T extends { claimedBy: string | null }>(records: T[]): T[] {
  for (const record of records) record.claimedBy = null;
  return records;
}

/** Override reads do not filter out expired overrides. */
export class ExpiredOverridesStore extends ReferenceStorageBackend {
  protected override liveOverrides(state: ReferenceState): FlagOverride[] {
    return state.overrides;
  }
}

/** Read-modify-write with an await in between: parallel writers overwrite each other. */
export class RacyStore extends ReferenceStorageBackend {
  protected override async write<T>(change: (draft: ReferenceState, now: Date) => T | Unchanged<T>): Promise<T> {
    const draft = structuredClone(this.document.state);
    await new Promise((resolve) => setTimeout(resolve, 1));
    const result = change(draft, new Date());
    if (result instanceof Unchanged) return result.answer;
    draft.revision = this.document.state.revision + 1;
    this.document.state = draft;
    return structuredClone(result);
  }
}

/** getRevision never changes. */
export class FrozenRevisionStore extends ReferenceStorageBackend {
  override async getRevision(): Promise<string> {
    return 'frozen';
  }
}

/** The revision is a per-instance write counter, so a reopened store hands out old tokens again. */
export class CounterRevisionStore extends ReferenceStorageBackend {
  private writes = 0;

  protected override async write<T>(change: (draft: ReferenceState, now: Date) => T | Unchanged<T>): Promise<T> {
    const result = await super.write(change);
    this.writes += 1;
    return result;
  }

  override async getRevision(): Promise<string> {
    return String(this.writes);
  }
}

/** Flag reads leave timeSchedules empty. */
export class NoSchedulesOnReadStore extends ReferenceStorageBackend {
  protected override withSchedules(_state: ReferenceState, flag: FeatureFlag): FeatureFlag {
    return { ...flag, timeSchedules: [] };
  }
}

/** List reads come back in reverse order. */
export class UnsortedStore extends ReferenceStorageBackend {
  override async getAllFlags() {
    return (await super.getAllFlags()).reverse();
  }
  override async getAllActiveFlags() {
    return (await super.getAllActiveFlags()).reverse();
  }
  override async listOverrides(flagId: string) {
    return (await super.listOverrides(flagId)).reverse();
  }
  override async getScheduledChanges(query?: Parameters<ReferenceStorageBackend['getScheduledChanges']>[0]) {
    return (await super.getScheduledChanges(query)).reverse();
  }
  override async getTimeSchedules(query?: Parameters<ReferenceStorageBackend['getTimeSchedules']>[0]) {
    return (await super.getTimeSchedules(query)).reverse();
  }
  override async getRolloutPhases(flagId: string) {
    return (await super.getRolloutPhases(flagId)).reverse();
  }
  override async getPendingRolloutPhases() {
    return (await super.getPendingRolloutPhases()).reverse();
  }
  override async getAllSegments() {
    return (await super.getAllSegments()).reverse();
  }
  override async getChildSegments(parentId: string) {
    return (await super.getChildSegments(parentId)).reverse();
  }
}

type Table = Exclude<keyof ReferenceState, 'revision'>;

/** On bad input it first writes the raw input, then reports the ValidationError. */
export class WritesBeforeValidatingStore extends ReferenceStorageBackend {
  private async leaking<T>(table: Table, input: object, attempt: () => Promise<T>): Promise<T> {
    try {
      return await attempt();
    } catch (error) {
      if (error instanceof ValidationError) {
        await this.write((s, now) => {
          const raw = { createdAt: now, updatedAt: now, version: 1, expiresAt: null, ...input } as {
            id?: string;
            key?: string;
          };
          const rows = s[table] as { id?: string; key?: string }[];
          const at = rows.findIndex((r) => (raw.id && r.id === raw.id) || (raw.key && r.key === raw.key));
          if (at >= 0) rows[at] = raw;
          else rows.push(raw);
          return null;
        });
      }
      throw error;
    }
  }

  override createFlag(input: FeatureFlagInput) {
    return this.leaking('flags', input, () => super.createFlag(input));
  }
  override updateFlag(input: FeatureFlag | FeatureFlagInput) {
    return this.leaking('flags', input, () => super.updateFlag(input));
  }
  override upsertOverride(input: Parameters<ReferenceStorageBackend['upsertOverride']>[0]) {
    return this.leaking('overrides', input, () => super.upsertOverride(input));
  }
  override createSegment(input: SegmentInput) {
    return this.leaking('segments', input, () => super.createSegment(input));
  }
  override updateSegment(input: Segment | SegmentInput) {
    return this.leaking('segments', input, () => super.updateSegment(input));
  }
  override createScheduledChange(input: Parameters<ReferenceStorageBackend['createScheduledChange']>[0]) {
    return this.leaking('scheduledChanges', input, () => super.createScheduledChange(input));
  }
  override updateScheduledChange(input: Parameters<ReferenceStorageBackend['updateScheduledChange']>[0]) {
    return this.leaking('scheduledChanges', input, () => super.updateScheduledChange(input));
  }
  override createTimeSchedule(input: Parameters<ReferenceStorageBackend['createTimeSchedule']>[0]) {
    return this.leaking('timeSchedules', input, () => super.createTimeSchedule(input));
  }
  override updateTimeSchedule(input: Parameters<ReferenceStorageBackend['updateTimeSchedule']>[0]) {
    return this.leaking('timeSchedules', input, () => super.updateTimeSchedule(input));
  }
  override createRolloutPhase(input: Parameters<ReferenceStorageBackend['createRolloutPhase']>[0]) {
    return this.leaking('rolloutPhases', input, () => super.createRolloutPhase(input));
  }
}

/** Ignores the lease fence of writes: a scheduler whose lease ran out still writes. */
export class UnfencedStore extends ReferenceStorageBackend {
  override updateFlag(input: FeatureFlag | FeatureFlagInput): Promise<FeatureFlag> {
    return super.updateFlag(input);
  }

  override markScheduledChangeExecuted(id: string, executedAt: Date, outcome?: string | null): Promise<boolean> {
    return super.markScheduledChangeExecuted(id, executedAt, outcome);
  }

  override markRolloutPhaseExecuted(id: string, executedAt: Date, outcome?: string | null): Promise<boolean> {
    return super.markRolloutPhaseExecuted(id, executedAt, outcome);
  }
}

/** Takes any owner and lease length, and any executedAt: an empty owner, a lease of 0 or NaN ms, an invalid Date. */
export class LaxLeaseArgumentsStore extends ReferenceStorageBackend {
  override claimScheduledChange(id: string, owner: string, leaseMs: number): Promise<boolean> {
    return this.write((s, now) => laxClaim(s.scheduledChanges, id, owner, leaseMs, now));
  }

  override claimRolloutPhase(id: string, owner: string, leaseMs: number): Promise<boolean> {
    return this.write((s, now) => laxClaim(s.rolloutPhases, id, owner, leaseMs, now));
  }

  override markScheduledChangeExecuted(id: string, executedAt: Date, outcome?: string | null): Promise<boolean> {
    return this.write((s, now) => laxMark(s.scheduledChanges, id, executedAt, outcome, now));
  }

  override markRolloutPhaseExecuted(id: string, executedAt: Date, outcome?: string | null): Promise<boolean> {
    return this.write((s, now) => laxMark(s.rolloutPhases, id, executedAt, outcome, now));
  }
}

type Leased = { id: string; executed: boolean; claimedBy: string | null; claimExpiresAt: Date | null };

function laxClaim(records: Leased[], id: string, owner: string, leaseMs: number, now: Date): boolean {
  const record = records.find((r) => r.id === id);
  if (!record || record.executed) return false;
  Object.assign(record, { claimedBy: owner, claimExpiresAt: new Date(now.getTime() + leaseMs) });
  return true;
}

function laxMark(records: Leased[], id: string, executedAt: Date, outcome: unknown, now: Date): boolean {
  const record = records.find((r) => r.id === id);
  if (!record || record.executed) return false;
  Object.assign(record, { executed: true, executedAt, outcome: outcome ?? null, updatedAt: now });
  return true;
}

/** createFlags creates the flags one by one: those before a bad one stay written. */
export class OneByOneFlagBatchStore extends ReferenceStorageBackend {
  override async createFlags(inputs: readonly FeatureFlagInput[]): Promise<FeatureFlag[]> {
    const created: FeatureFlag[] = [];
    for (const input of inputs) created.push(await this.createFlag(input));
    return created;
  }
}

/** createFlags answers in key order instead of the input's. */
export class ReorderedFlagBatchStore extends ReferenceStorageBackend {
  override async createFlags(inputs: readonly FeatureFlagInput[]): Promise<FeatureFlag[]> {
    const created = await super.createFlags(inputs);
    return created.sort((a, b) => (a.key < b.key ? -1 : 1));
  }
}

/** The batch creates of scheduled changes, time schedules and phases write one record at a time: those before a bad one stay. */
export class OneByOneRecordBatchStore extends ReferenceStorageBackend {
  override async createScheduledChanges(inputs: readonly ScheduledFlagChangeInput[]): Promise<ScheduledFlagChange[]> {
    const created: ScheduledFlagChange[] = [];
    for (const input of inputs) created.push(await this.createScheduledChange(input));
    return created;
  }
  override async createTimeSchedules(inputs: readonly TimeScheduleInput[]): Promise<TimeSchedule[]> {
    const created: TimeSchedule[] = [];
    for (const input of inputs) created.push(await this.createTimeSchedule(input));
    return created;
  }
  override async createRolloutPhases(inputs: readonly RolloutPhaseInput[]): Promise<RolloutPhase[]> {
    const created: RolloutPhase[] = [];
    for (const input of inputs) created.push(await this.createRolloutPhase(input));
    return created;
  }
}

/** upsertOverrides writes the overrides one by one: those before a bad one stay written. */
export class OneByOneBatchStore extends ReferenceStorageBackend {
  override async upsertOverrides(inputs: readonly FlagOverrideInput[]): Promise<FlagOverride[]> {
    const written: FlagOverride[] = [];
    for (const input of inputs) written.push(await this.upsertOverride(input));
    return written;
  }
}

/** upsertOverrides answers in its own order (by entity id) instead of the input's. */
export class ReorderedBatchStore extends ReferenceStorageBackend {
  override async upsertOverrides(inputs: readonly FlagOverrideInput[]): Promise<FlagOverride[]> {
    const written = await super.upsertOverrides(inputs);
    return written.sort((a, b) => (a.entityId < b.entityId ? 1 : -1));
  }
}

/** Flag reads drop the prerequisites (read back as none, as a backend missing the column would). */
export class DropsPrerequisitesStore extends ReferenceStorageBackend {
  protected override withSchedules(state: ReferenceState, flag: FeatureFlag): FeatureFlag {
    return { ...super.withSchedules(state, flag), prerequisites: [] };
  }
}
