import {
  ConflictError,
  createRolloutPhase,
  createScheduledChange,
  createTimeSchedule,
  type RolloutPhase,
  type RolloutPhaseInput,
  type ScheduledFlagChange,
  type ScheduledFlagChangeInput,
  type TimeSchedule,
  type TimeScheduleInput,
} from '@flags/core';
import { PACKAGE, requireFlag, requireFreeId, requireIndex } from './checks.js';
import { type StoreDocument, Unchanged } from './document.js';

/** createScheduledChange: needs the flag, refuses a taken id. */
export function insertScheduledChange(
  document: StoreDocument,
  input: ScheduledFlagChangeInput,
  now: Date,
): ScheduledFlagChange {
  const change = createScheduledChange(input);
  requireFlag(document, change.flagId);
  requireFreeId(document.scheduledChanges, change.id, 'scheduled change');
  const created: ScheduledFlagChange = { ...change, createdAt: now, updatedAt: now };
  document.scheduledChanges.push(created);
  return created;
}

/** updateScheduledChange: replaces the change with this id, keeping createdAt. */
export function replaceScheduledChange(
  document: StoreDocument,
  input: ScheduledFlagChange | ScheduledFlagChangeInput,
  now: Date,
): ScheduledFlagChange {
  const change = createScheduledChange(input);
  const index = requireIndex(document.scheduledChanges, change.id, 'scheduled change');
  requireFlag(document, change.flagId);
  const updated = { ...change, createdAt: document.scheduledChanges[index]!.createdAt, updatedAt: now };
  document.scheduledChanges[index] = updated;
  return updated;
}

/** createTimeSchedule: needs the flag, refuses a taken id. */
export function insertTimeSchedule(document: StoreDocument, input: TimeScheduleInput, now: Date): TimeSchedule {
  const schedule = createTimeSchedule(input);
  requireFlag(document, schedule.flagId);
  requireFreeId(document.timeSchedules, schedule.id, 'time schedule');
  const created: TimeSchedule = { ...schedule, createdAt: now, updatedAt: now };
  document.timeSchedules.push(created);
  return created;
}

/** updateTimeSchedule: replaces the schedule with this id, keeping createdAt. */
export function replaceTimeSchedule(
  document: StoreDocument,
  input: TimeSchedule | TimeScheduleInput,
  now: Date,
): TimeSchedule {
  const schedule = createTimeSchedule(input);
  const index = requireIndex(document.timeSchedules, schedule.id, 'time schedule');
  requireFlag(document, schedule.flagId);
  const updated = { ...schedule, createdAt: document.timeSchedules[index]!.createdAt, updatedAt: now };
  document.timeSchedules[index] = updated;
  return updated;
}

/** createRolloutPhase: needs the flag, refuses a taken id or phase number. */
export function insertRolloutPhase(document: StoreDocument, input: RolloutPhaseInput, now: Date): RolloutPhase {
  const phase = createRolloutPhase(input);
  requireFlag(document, phase.flagId);
  requireFreeId(document.rolloutPhases, phase.id, 'rollout phase');
  if (document.rolloutPhases.some((p) => p.flagId === phase.flagId && p.phaseNumber === phase.phaseNumber)) {
    throw new ConflictError(`${PACKAGE} flag "${phase.flagId}" already has phase ${phase.phaseNumber}`);
  }
  const created: RolloutPhase = { ...phase, createdAt: now, updatedAt: now };
  document.rolloutPhases.push(created);
  return created;
}

/** Removes the record with `id` from one of the document's lists (in place). */
export function removeRecord(records: { id: string }[], id: string): boolean | Unchanged<boolean> {
  const index = records.findIndex((record) => record.id === id);
  if (index < 0) return new Unchanged(false);
  records.splice(index, 1);
  return true;
}

/** A record the scheduler leases: a scheduled change or a rollout phase. */
type LeasedRecord = ScheduledFlagChange | RolloutPhase;

/**
 * Takes or renews the lease on a pending record. The caller runs it inside the file's write queue,
 * so of N concurrent claims exactly one sees the record free.
 */
export function claimRecord(
  records: LeasedRecord[],
  id: string,
  owner: string,
  leaseMs: number,
  now: Date,
): boolean | Unchanged<boolean> {
  const record = records.find((candidate) => candidate.id === id);
  if (!record || record.executed) return new Unchanged(false);
  const leasedToAnother =
    record.claimedBy !== null && record.claimedBy !== owner && (record.claimExpiresAt?.getTime() ?? 0) > now.getTime();
  if (leasedToAnother) return new Unchanged(false);
  record.claimedBy = owner;
  record.claimExpiresAt = new Date(now.getTime() + leaseMs);
  record.updatedAt = now;
  return true;
}

/** Moves a pending record to executed; true only for the call that did it. */
export function markRecordExecuted(
  records: LeasedRecord[],
  id: string,
  executedAt: Date,
  outcome: string | null,
  now: Date,
): boolean | Unchanged<boolean> {
  const record = records.find((candidate) => candidate.id === id);
  if (!record || record.executed) return new Unchanged(false);
  record.executed = true;
  record.executedAt = new Date(executedAt.getTime());
  record.outcome = outcome;
  record.updatedAt = now;
  return true;
}
