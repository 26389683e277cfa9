import type { FeatureFlag, FlagOverride, RolloutPhase, ScheduledFlagChange, Segment, TimeSchedule } from '@flags/core';

/** Everything a reference store holds, as one plain document that every write replaces whole. */
export interface ReferenceState {
  revision: number;
  /** Stored with `timeSchedules: []`; reads attach the flag's schedules. */
  flags: FeatureFlag[];
  overrides: FlagOverride[];
  segments: Segment[];
  scheduledChanges: ScheduledFlagChange[];
  timeSchedules: TimeSchedule[];
  rolloutPhases: RolloutPhase[];
}

/** The "disk" under reference stores: a store reopened over the same document sees the same data. */
export class ReferenceDocument {
  state: ReferenceState = {
    revision: 0,
    flags: [],
    overrides: [],
    segments: [],
    scheduledChanges: [],
    timeSchedules: [],
    rolloutPhases: [],
  };
}

/** What a write callback returns when it decided to change nothing (no commit, no new revision). */
export class Unchanged<T> {
  constructor(readonly value: T) {}
}

// A record the scheduler leases: a scheduled change or a rollout phase.
type LeasedRecord = ScheduledFlagChange | RolloutPhase;

/** Takes or renews the lease of a pending record (mutates `records`); see `StorageBackend.claimScheduledChange`. */
export function claimRecord(
  records: LeasedRecord[],
  id: string,
  owner: string,
  leaseMs: number,
  now: Date,
): boolean | Unchanged<boolean> {
  const record = records.find((r) => r.id === id);
  if (!record || record.executed) return new Unchanged(false);
  const leasedToOther =
    record.claimedBy !== null && record.claimedBy !== owner && (record.claimExpiresAt?.getTime() ?? 0) > now.getTime();
  if (leasedToOther) return new Unchanged(false);
  record.claimedBy = owner;
  record.claimExpiresAt = new Date(now.getTime() + leaseMs);
  record.updatedAt = now;
  return true;
}

/** Moves a pending record to executed (mutates `records`); see `StorageBackend.markScheduledChangeExecuted`. */
export function markRecordExecuted(
  records: LeasedRecord[],
  id: string,
  executedAt: Date,
  outcome: string | null,
  now: Date,
): boolean | Unchanged<boolean> {
  const record = records.find((r) => r.id === id);
  if (!record || record.executed) return new Unchanged(false);
  record.executed = true;
  record.executedAt = new Date(executedAt.getTime());
  record.outcome = outcome;
  record.updatedAt = now;
  return true;
}
